package org.sharpeyes.adapters.gb28181.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipDigestTest {

    /** RFC 2617 section 3.5's worked example (qop=auth). */
    @Test
    void computesTheRfc2617Example() {
        assertThat(SipDigest.response("Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b"))
                .isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void acceptsAnAnswerWithQopOrWithoutAndRefusesAWrongPasswordOrAnotherNonce() {
        String nonce = SipDigest.nonce();
        String challenge = SipDigest.challenge("3402000000", nonce);
        String uri = "sip:34020000002000000001@3402000000";
        String withQop = SipDigest.authorize(challenge, "34020000001320000001", "12345678", "REGISTER", uri, 1);
        assertThat(withQop).contains("qop=auth").contains("nc=00000001");
        assertThat(SipDigest.verify(withQop, "REGISTER", nonce, "12345678")).isTrue();
        assertThat(SipDigest.verify(withQop, "REGISTER", nonce, "wrong")).isFalse();
        assertThat(SipDigest.verify(withQop, "REGISTER", SipDigest.nonce(), "12345678")).isFalse();

        String plain = SipDigest.authorize("Digest realm=\"3402000000\", nonce=\"" + nonce + "\"",
                "34020000001320000001", "12345678", "REGISTER", uri, 1);
        assertThat(plain).doesNotContain("qop");
        assertThat(SipDigest.verify(plain, "REGISTER", nonce, "12345678")).isTrue();
        assertThat(SipDigest.verify("Digest username=\"x\"", "REGISTER", nonce, "12345678")).isFalse();
        assertThat(SipDigest.verify(null, "REGISTER", nonce, "12345678")).isFalse();
    }
}

package org.sharpeyes.adapters.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsernameTokenTest {

    private static final byte[] NONCE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    @Test
    void digestsNonceCreatedAndPasswordAsTheDeviceDoes() {
        // Computed apart from this code (Python: base64(sha1(nonce + created + password))).
        assertThat(UsernameToken.digest(NONCE, "2026-12-03T02:00:00Z", "admin-secret"))
                .isEqualTo("h3pCbsU5yiWBohBicyS2vRIeYVA=");
    }

    @Test
    void writesTheHeaderWithTheExactTypeUrisTheNonceInBase64AndWholeSecondsInUtc() {
        String header = UsernameToken.header("ad<min", "admin-secret", NONCE,
                Instant.parse("2026-12-03T02:00:00.750Z"));
        assertThat(header).contains("<wsse:Username>ad&lt;min</wsse:Username>")
                .contains("Type=\"" + UsernameToken.PASSWORD_DIGEST + "\">h3pCbsU5yiWBohBicyS2vRIeYVA=<")
                .contains("EncodingType=\"" + UsernameToken.BASE64_BINARY + "\">AAECAwQFBgcICQoLDA0ODw==<")
                .contains("<wsu:Created>2026-12-03T02:00:00Z</wsu:Created>");
        assertThat(UsernameToken.PASSWORD_DIGEST).endsWith("username-token-profile-1.0#PasswordDigest");
    }
}

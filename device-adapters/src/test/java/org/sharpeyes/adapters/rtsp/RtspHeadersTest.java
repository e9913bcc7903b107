package org.sharpeyes.adapters.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtspHeadersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "RTP/AVP/TCP;unicast;interleaved=0-1                 | true  | 0 | 1 | -1",
        "RTP/AVP/TCP;interleaved=2-3;unicast;mode=\"PLAY\"      | true  | 2 | 3 | -1",
        "RTP/AVP;unicast;client_port=5000-5001               | false | -1 | -1 | 5000",
        "rtp/avp;client_port=6000;unicast                    | false | -1 | -1 | 6000",
        "RTP/AVP/UDP;unicast;client_port=7000-7001;ssrc=1A2B  | false | -1 | -1 | 7000"})
    void parsesTransportsInAnyParameterOrder(String value, boolean tcp, int ch0, int ch1, int clientPort) {
        TransportHeader t = TransportHeader.parse(value);
        assertThat(t.isTcp()).isEqualTo(tcp);
        if (ch0 >= 0) {
            assertThat(t.interleaved()).containsExactly(ch0, ch1);
        }
        if (clientPort >= 0) {
            assertThat(t.clientPort()[0]).isEqualTo(clientPort);
            assertThat(t.clientPort()[1]).isEqualTo(clientPort + 1);
        }
        assertThat(TransportHeader.parse(t.format()).format()).isEqualTo(t.format());
    }

    @Test
    void readsEveryOfferedAlternative() {
        List<TransportHeader> all = TransportHeader.parseAll(
                "RTP/AVP/TCP;unicast;interleaved=0-1, RTP/AVP;unicast;client_port=5000-5001");
        assertThat(all).hasSize(2);
        assertThat(all.get(1).isTcp()).isFalse();
    }

    @Test
    void refusesWhatItCannotCarry() {
        assertThatThrownBy(() -> TransportHeader.parse("RAW/RAW/UDP;unicast")).hasMessageContaining("RAW/RAW/UDP");
        assertThatThrownBy(() -> TransportHeader.parse("RTP/AVP;client_port=x-y")).hasMessageContaining("client_port");
        assertThatThrownBy(() -> TransportHeader.parseAll(" , ")).hasMessageContaining("empty");
    }

    /** #16: a channel is one byte of the interleaved frame; 256 cannot be carried. */
    @Test
    void refusesInterleavedChannelsBeyondOneByte() {
        assertThatThrownBy(() -> TransportHeader.parse("RTP/AVP/TCP;interleaved=255-256"))
                .hasMessageContaining("0 to 255");
        assertThatThrownBy(() -> TransportHeader.parse("RTP/AVP/TCP;interleaved=300")).hasMessageContaining("0 to 255");
        assertThat(TransportHeader.parse("RTP/AVP/TCP;interleaved=254-255").interleaved()).containsExactly(254, 255);
    }

    @Test
    void readsSessionIdAndTimeout() {
        assertThat(SessionHeader.parse("12345678;timeout=30")).isEqualTo(new SessionHeader("12345678", 30));
        assertThat(SessionHeader.parse(" ABCD ")).isEqualTo(new SessionHeader("ABCD", 60));
        assertThat(SessionHeader.parse("x; Timeout=0").timeoutSeconds()).isEqualTo(60);
        assertThatThrownBy(() -> SessionHeader.parse("x;timeout=soon")).hasMessageContaining("timeout");
    }

    @Test
    void answersDigestChallengesAsRfc2617Computes() {
        Authenticator auth = Authenticator.forChallenge(
                "Digest realm=\"IP Camera(C1234)\", nonce=\"0a4f113b\", stale=\"FALSE\"", "admin", "12345");
        String header = auth.authorization("DESCRIBE", "rtsp://10.0.0.2:554/live");
        String expected = Authenticator.digestResponse("admin", "IP Camera(C1234)", "12345", "0a4f113b", "DESCRIBE",
                "rtsp://10.0.0.2:554/live");
        assertThat(header).startsWith("Digest username=\"admin\"").contains("response=\"" + expected + "\"");
        // RFC 2617 §3.5's worked example, without qop
        assertThat(Authenticator.digestResponse("Mufasa", "testrealm@host.com", "Circle Of Life",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "GET", "/dir/index.html"))
                .isEqualTo("670fd8c2df070c60b045671b8b24ff02");
    }

    @Test
    void answersBasicAndQopChallenges() {
        assertThat(Authenticator.forChallenge("Basic realm=\"cam\"", "admin", "pw").authorization("OPTIONS", "rtsp://x/"))
                .isEqualTo("Basic YWRtaW46cHc=");
        String qop = Authenticator.forChallenge("Digest realm=\"r\", nonce=\"n\", qop=\"auth\", opaque=\"o\"", "u", "p")
                .authorization("PLAY", "rtsp://x/");
        assertThat(qop).contains("qop=auth").contains("nc=00000001").contains("cnonce=").contains("opaque=\"o\"");
        assertThatThrownBy(() -> Authenticator.forChallenge("Bearer x", "u", "p")).hasMessageContaining("bearer");
        assertThatThrownBy(() -> Authenticator.forChallenge("Digest realm=\"r\"", "u", "p"))
                .hasMessageContaining("nonce");
    }
}

package org.sharpeyes.adapters.gb28181;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GbSdpTest {

    @Test
    void readsAnOfferOverTcpWithItsSetupAndSsrc() {
        GbSdp sdp = GbSdp.parse("v=0\r\no=34020000002000000001 0 0 IN IP4 10.0.0.5\r\ns=Play\r\n"
                + "c=IN IP4 10.0.0.5\r\nt=0 0\r\nm=video 30000 TCP/RTP/AVP 96 97 98\r\na=recvonly\r\n"
                + "a=rtpmap:96 PS/90000\r\na=setup:ACTIVE\r\na=connection:new\r\ny=0100000001\r\n");
        assertThat(sdp).isEqualTo(new GbSdp("10.0.0.5", 30000, true, "active", 100000001L));
    }

    @Test
    void keepsWhatItCanReadWhenALineIsBrokenAndDefaultsTheRest() {
        GbSdp sdp = GbSdp.parse("v=0\nc=IN IP4 192.168.1.64\nm=video notaport RTP/AVP 96\ny=abc\n");
        assertThat(sdp.host()).isEqualTo("192.168.1.64");
        assertThat(sdp.port()).isZero();
        assertThat(sdp.tcp()).isFalse();
        assertThat(sdp.setup()).isEqualTo("passive");
        assertThat(sdp.ssrc()).isNull();
    }
}

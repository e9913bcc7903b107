package org.sharpeyes.adapters.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionDescriptionTest {

    private static final String HIKVISION = String.join("\r\n",
            "v=0", "o=- 1109162014219182 1109162014219192 IN IP4 x.y.z.w", "s=Media Presentation", "e=NONE",
            "b=AS:5050", "t=0 0", "a=control:rtsp://10.0.0.2:554/Streaming/Channels/101/",
            "m=video 0 RTP/AVP 96", "c=IN IP4 0.0.0.0", "b=AS:5000", "a=recvonly", "a=x-dimensions:1920,1080",
            "a=control:rtsp://10.0.0.2:554/Streaming/Channels/101/trackID=1", "a=rtpmap:96 H264/90000",
            "a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z01AKJWgHgCJ+VA=,aO48gA==",
            "m=audio 0 RTP/AVP 8", "a=control:trackID=2", "a=recvonly", "");

    @Test
    void readsACamerasVideoAndAudioSections() {
        SessionDescription sdp = SessionDescription.parse(HIKVISION);
        assertThat(sdp.control()).isEqualTo("rtsp://10.0.0.2:554/Streaming/Channels/101/");
        assertThat(sdp.media()).hasSize(2);
        MediaDescription video = sdp.video();
        assertThat(video.isH264()).isTrue();
        assertThat(video.payloadType()).isEqualTo(96);
        assertThat(video.clockRate()).isEqualTo(90_000);
        assertThat(video.fmtp()).containsEntry("packetization-mode", "1")
                .containsEntry("sprop-parameter-sets", "Z01AKJWgHgCJ+VA=,aO48gA==");
        assertThat(video.control()).endsWith("trackID=1");
        MediaDescription audio = sdp.media().get(1);
        assertThat(audio.encoding()).isEqualTo("PCMA");
        assertThat(audio.clockRate()).isEqualTo(8000);
    }

    @Test
    void acceptsBareNewlinesAndH265() {
        SessionDescription sdp = SessionDescription.parse("v=0\nm=video 0 RTP/AVP 98\na=rtpmap:98 H265/90000\n");
        assertThat(sdp.video().isH265()).isTrue();
        assertThat(sdp.video().control()).isNull();
    }

    @Test
    void refusesAnSdpWithoutUsableMedia() {
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\ns=x\r\n")).hasMessageContaining("no media");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\nm=video 0 RTP/AVP\r\n"))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> SessionDescription.parse("m=video 0 RTP/AVP dynamic\r\n"))
                .hasMessageContaining("numeric payload type");
    }
}

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

    @Test
    void formatsWhatItReadsSoThatItReadsTheSameAgain() {
        for (String camera : new String[] {HIKVISION,
                "v=0\nm=video 0 RTP/AVP 98\na=rtpmap:98 H265/90000\na=fmtp:98 sprop-vps=QAE=;sprop-sps=QgE=;sprop-pps=RAE=\n",
                "v=0\r\nm=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/48000/2\r\na=fmtp:97 streamtype=5;"
                        + "mode=AAC-hbr;config=1190\r\na=control:trackID=1\r\n"}) {
            SessionDescription read = SessionDescription.parse(camera);
            String formatted = read.format("Sharp Eyes Hub");
            assertThat(SessionDescription.parse(formatted)).as(formatted).isEqualTo(read);
            assertThat(formatted).startsWith("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=Sharp Eyes Hub\r\nt=0 0\r\n")
                    .doesNotContain("\n\n").endsWith("\r\n");
        }
    }

    @Test
    void formatsAServersOfferLineByLine() {
        MediaDescription video = new MediaDescription("video", 96, "H264", 90_000, 1,
                java.util.Map.of("packetization-mode", "1"), "trackID=0");
        MediaDescription audio = new MediaDescription("audio", 0, "PCMU", 8_000, 1, java.util.Map.of(), "trackID=1");
        assertThat(new SessionDescription("*", java.util.List.of(video, audio)).format("Hub")).isEqualTo(String.join(
                "\r\n", "v=0", "o=- 0 0 IN IP4 127.0.0.1", "s=Hub", "t=0 0", "a=control:*", "m=video 0 RTP/AVP 96",
                "c=IN IP4 0.0.0.0", "a=rtpmap:96 H264/90000", "a=fmtp:96 packetization-mode=1", "a=control:trackID=0",
                "m=audio 0 RTP/AVP 0", "c=IN IP4 0.0.0.0", "a=rtpmap:0 PCMU/8000", "a=control:trackID=1", ""));
    }
}

package org.sharpeyes.hub.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.LiveSocket;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.SmallCounty;

/**
 * An H.265 camera through the hub: RTSP with sprop-vps/sps/pps, enhanced FLV (hvc1) read by FFmpeg 8 (Debian's
 * ffprobe 5.1 predates enhanced FLV), fragmented MP4 with an hvcC, and snapshots decoded from H.265 key frames.
 */
class H265StreamTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    static String code;
    static ApiClient county;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        code = CAMERAS.registerH265(SmallCounty.TOWNSHIP_1, 801);
        county = HUB.as("county-op");
    }

    @Test
    void ffprobeReadsH265OverTheHubsRtsp() throws Exception {
        String url = "rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code + "?token=" + county.token();
        assertThat(Rtsp.describe(url)).contains("a=rtpmap:96 H265/90000").contains("sprop-vps=")
                .contains("sprop-sps=").contains("sprop-pps=");
        assertThat(Rtsp.ffprobe(url)).contains("\"codec_name\": \"hevc\"").contains("\"width\": 320")
                .contains("\"height\": 240");
    }

    @Test
    void httpFlvCarriesH265AsEnhancedFlvThatFfmpegDecodes() throws Exception {
        String url = HUB.hub().base() + "/live/" + code + ".flv?token=" + county.token();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url)) {
            grabber.setFormat("flv");
            grabber.setOption("rw_timeout", "30000000");
            grabber.start();
            Frame frame = grabber.grabImage();
            assertThat(frame).isNotNull();
            assertThat(grabber.getVideoCodecName()).isEqualTo("hevc");
            assertThat(frame.imageWidth).isEqualTo(320);
            assertThat(frame.imageHeight).isEqualTo(240);
            grabber.stop();
        }
    }

    @Test
    void webSocketFlvStartsWithAnHvc1SequenceStartThenAKeyFrame() throws Exception {
        byte[] flv = LiveSocket.bytes(LiveSocket.url(HUB, code, "flv", county), 4_000);
        int offset = 13;
        offset += 11 + size(flv, offset) + 4;
        assertThat(flv[offset]).as("video tag").isEqualTo((byte) 9);
        assertThat(flv[offset + 11]).as("enhanced header, key frame, sequence start").isEqualTo((byte) 0x90);
        assertThat(new String(flv, offset + 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("hvc1");
        offset += 11 + size(flv, offset) + 4;
        assertThat(flv[offset + 11]).as("enhanced header, key frame, coded frames").isEqualTo((byte) 0x91);
    }

    @Test
    void fragmentedMp4CarriesAnHvcCThatFfprobeReads() throws Exception {
        List<byte[]> messages = LiveSocket.messages(LiveSocket.url(HUB, code, "mp4", county), 30);
        Path file = dir.resolve("live.mp4");
        try (var out = Files.newOutputStream(file)) {
            for (byte[] message : messages) {
                out.write(message);
            }
        }
        assertThat(new String(messages.get(0), java.nio.charset.StandardCharsets.ISO_8859_1)).contains("hvc1", "hvcC");
        assertThat(Rtsp.ffprobe(file.toString())).contains("\"codec_name\": \"hevc\"").contains("\"width\": 320")
                .contains("\"height\": 240");
    }

    @Test
    void snapshotDecodesAnH265KeyFrame() throws Exception {
        HttpResponse<byte[]> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                HUB.hub().base() + "/api/v1/points/" + code + "/snapshot?token=" + county.token())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.statusCode()).as(new String(raw.body())).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(raw.body()));
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(240);
    }

    private static int size(byte[] flv, int tag) {
        return ((flv[tag + 1] & 0xFF) << 16) | ((flv[tag + 2] & 0xFF) << 8) | (flv[tag + 3] & 0xFF);
    }
}

package org.sharpeyes.hub.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/** Fragmented MP4 over WebSocket at /live/{code}.mp4: the messages, joined, are a file ffprobe reads as H.264. */
class Mp4StreamTest {

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
        code = CAMERAS.register(SmallCounty.TOWNSHIP_1, 751, null);
        county = HUB.as("county-op");
    }

    @Test
    void sendsAnInitSegmentThenOneFragmentPerPictureThatFfprobeReads() throws Exception {
        List<byte[]> got = LiveSocket.messages(LiveSocket.url(HUB, code, "mp4", county), 30);
        assertThat(type(got.get(0), 0)).isEqualTo("ftyp");
        assertThat(type(got.get(0), size(got.get(0), 0))).isEqualTo("moov");
        assertThat(type(got.get(1), 0)).isEqualTo("moof");
        assertThat(type(got.get(1), size(got.get(1), 0))).isEqualTo("mdat");
        Path file = dir.resolve("live.mp4");
        try (var out = Files.newOutputStream(file)) {
            for (byte[] message : got) {
                out.write(message);
            }
        }
        assertThat(Rtsp.ffprobe(file.toString())).contains("\"codec_name\": \"h264\"").contains("\"width\": 320")
                .contains("\"height\": 240");
    }

    @Test
    void refusesPlainHttpAndOtherRegions() {
        assertThat(county.get("/live/" + code + ".mp4").status()).isEqualTo(400);
        URI url = URI.create("ws://127.0.0.1:" + HUB.hub().hub().httpPort() + "/live/" + code + ".mp4?token="
                + HUB.as("town2-op").token());
        assertThat(HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(url, new WebSocket.Listener() { }))
                .failsWithin(30, TimeUnit.SECONDS).withThrowableThat().havingRootCause().withMessageContaining("404");
    }

    private static int size(byte[] data, int at) {
        return ((data[at] & 0xFF) << 24) | ((data[at + 1] & 0xFF) << 16) | ((data[at + 2] & 0xFF) << 8)
                | (data[at + 3] & 0xFF);
    }

    private static String type(byte[] data, int at) {
        return new String(data, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }
}

package org.sharpeyes.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The camera simulator played by a real client, Debian's ffprobe (installed by scripts/test-deps.sh). */
class CameraServerTest {

    static CameraServer server;
    static InetSocketAddress address;

    @BeforeAll
    static void start() throws InterruptedException {
        server = new CameraServer(new CameraSettings(320, 240, 25, 500_000, 25, null, null));
        address = server.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void servesH264AtTheConfiguredSizeOnAnyPath() throws Exception {
        String json = ffprobe("rtsp://127.0.0.1:" + address.getPort() + "/51012201011320000001");
        assertThat(json).contains("\"codec_name\": \"h264\"").contains("\"width\": 320").contains("\"height\": 240");
    }

    @Test
    void servesH265WhenTheUrlAsksForIt() throws Exception {
        String json = ffprobe("rtsp://127.0.0.1:" + address.getPort() + "/51012201011320000003?codec=h265");
        assertThat(json).contains("\"codec_name\": \"hevc\"").contains("\"width\": 320").contains("\"height\": 240");
    }

    @Test
    void addsAnAacOrG711MicrophoneWhenTheUrlAsksForOne() throws Exception {
        String aac = ffprobe("rtsp://127.0.0.1:" + address.getPort() + "/51012201011320000004?audio=aac");
        assertThat(aac).contains("\"codec_name\": \"h264\"").contains("\"codec_name\": \"aac\"");
        String pcmu = ffprobe("rtsp://127.0.0.1:" + address.getPort() + "/51012201011320000004?audio=pcmu");
        assertThat(pcmu).contains("\"codec_name\": \"pcm_mulaw\"");
    }

    @Test
    void refusesAClientWithoutTheDigestPasswordAndAdmitsOneWithIt() throws Exception {
        try (CameraServer guarded = new CameraServer(new CameraSettings(320, 240, 25, 500_000, 25, "admin",
                "cam-pass"))) {
            int port = guarded.start("127.0.0.1", 0).getPort();
            assertThat(ffprobe("rtsp://127.0.0.1:" + port + "/51012201011320000002")).contains("401");
            assertThat(ffprobe("rtsp://admin:cam-pass@127.0.0.1:" + port + "/51012201011320000002"))
                    .contains("\"codec_name\": \"h264\"");
        }
    }

    static String ffprobe(String url) throws IOException, InterruptedException {
        Tools.assumeInstalled("ffprobe");
        Process process = new ProcessBuilder("ffprobe", "-v", "error", "-rtsp_transport", "tcp", "-show_entries",
                "stream=codec_name,width,height", "-of", "json", url).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ffprobe did not finish within 30 s for " + url);
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}

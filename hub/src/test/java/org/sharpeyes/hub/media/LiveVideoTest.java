package org.sharpeyes.hub.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;

/** Cameras (the simulator, over loopback) pulled by the hub and played from it by real clients. */
class LiveVideoTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("media.connectTimeoutSeconds=5");
    static CameraServer cameras;
    static CameraServer guardedCameras;
    static int cameraPort;
    static int guardedPort;
    static ApiClient county;

    @BeforeAll
    static void start() throws InterruptedException {
        cameras = new CameraServer(new CameraSettings(320, 240, 25, 400_000, 25, null, null));
        cameraPort = cameras.start("127.0.0.1", 0).getPort();
        guardedCameras = new CameraServer(new CameraSettings(320, 240, 25, 400_000, 25, "admin", "cam-pass"));
        guardedPort = guardedCameras.start("127.0.0.1", 0).getPort();
        county = HUB.as("county-op");
    }

    @AfterAll
    static void stop() {
        cameras.close();
        guardedCameras.close();
    }

    private static String camera(String region, int serial, String streamUrl, String username, String password) {
        Map<String, Object> point = SmallCounty.camera(region, serial);
        point.put("streamUrl", streamUrl == null ? "rtsp://127.0.0.1:" + cameraPort + "/" + point.get("code")
                : streamUrl);
        if (username != null) {
            point.put("username", username);
            point.put("password", password);
        }
        ApiClient.Reply reply = HUB.admin().post("/api/v1/points", point);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return (String) point.get("code");
    }

    private static String live(String code, ApiClient viewer) {
        return "rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code + "?token=" + viewer.token();
    }

    @Test
    void ffprobeReadsTheCamerasH264ThroughTheHub() throws Exception {
        String code = camera(SmallCounty.VILLAGE_1_1, 501, null, null, null);
        String probe = Rtsp.ffprobe(live(code, county));
        assertThat(probe).contains("\"codec_name\": \"h264\"").contains("\"width\": 320").contains("\"height\": 240");
    }

    @Test
    void ffprobeReadsTheCameraOverUdpToo() throws Exception {
        String code = camera(SmallCounty.VILLAGE_1_1, 510, null, null, null);
        assertThat(Rtsp.ffprobe(live(code, county), "udp")).contains("\"codec_name\": \"h264\"")
                .contains("\"width\": 320");
    }

    @Test
    void manyViewersShareOnePullOfTheCamera() throws Exception {
        // Asked here, not in the viewer threads, where a missing tool would fail the test instead of skipping it.
        Rtsp.assumeInstalled("ffprobe");
        String code = camera(SmallCounty.TOWNSHIP_1, 502, null, null, null);
        double before = connects();
        ExecutorService viewers = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> probes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                probes.add(viewers.submit(() -> Rtsp.ffprobe(live(code, county))));
            }
            for (Future<String> probe : probes) {
                assertThat(probe.get()).contains("\"codec_name\": \"h264\"");
            }
        } finally {
            viewers.shutdownNow();
        }
        assertThat(connects() - before).isEqualTo(1.0);
    }

    @Test
    void answersWithTheCamerasParameterSetsInTheSdp() throws Exception {
        String code = camera(SmallCounty.TOWNSHIP_1, 503, null, null, null);
        String reply = Rtsp.describe(live(code, county));
        assertThat(reply).startsWith("RTSP/1.0 200").contains("a=rtpmap:96 H264/90000")
                .contains("sprop-parameter-sets=").contains("Content-Base: rtsp://127.0.0.1:");
    }

    @Test
    void refusesAViewerWithoutATokenOrOutsideTheirRegion() throws Exception {
        String code = camera(SmallCounty.TOWNSHIP_1, 504, null, null, null);
        String base = "rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code;
        assertThat(Rtsp.describe(base)).startsWith("RTSP/1.0 401");
        assertThat(Rtsp.describe(base + "?token=forged")).startsWith("RTSP/1.0 401");
        assertThat(Rtsp.describe(live(code, HUB.as("town2-op")))).startsWith("RTSP/1.0 404");
        assertThat(Rtsp.describe(live("51012201011329999999", county))).startsWith("RTSP/1.0 404");
        assertThat(Rtsp.describe(live(code, HUB.as("town1-op")))).startsWith("RTSP/1.0 200");
    }

    @Test
    void logsInToACameraWithDigestAndReportsAWrongPassword() throws Exception {
        String good = camera(SmallCounty.TOWNSHIP_1, 505, "rtsp://127.0.0.1:" + guardedPort + "/cam505", "admin",
                "cam-pass");
        assertThat(Rtsp.describe(live(good, county))).startsWith("RTSP/1.0 200");
        String wrong = camera(SmallCounty.TOWNSHIP_1, 506, "rtsp://127.0.0.1:" + guardedPort + "/cam506", "admin",
                "not-it");
        assertThat(Rtsp.describe(live(wrong, county))).startsWith("RTSP/1.0 503")
                .contains("X-Reason: the camera refused the login (401)");
    }

    @Test
    void anUnreachableOrGarbageSpeakingCameraGivesAClearErrorAndTheHubStaysHealthy() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String unreachable = camera(SmallCounty.TOWNSHIP_2, 507, "rtsp://127.0.0.1:" + closedPort + "/x", null, null);
        assertThat(Rtsp.describe(live(unreachable, county))).startsWith("RTSP/1.0 503")
                .contains("X-Reason: cannot reach the camera at 127.0.0.1:" + closedPort);
        try (GarbageServer garbage = new GarbageServer()) {
            String babbling = camera(SmallCounty.TOWNSHIP_2, 508, "rtsp://127.0.0.1:" + garbage.port() + "/x", null,
                    null);
            assertThat(Rtsp.describe(live(babbling, county))).startsWith("RTSP/1.0 503");
        }
        assertThat(HUB.hub().anonymous().get("/health").json().get("status").asText()).isEqualTo("UP");
        String code = camera(SmallCounty.TOWNSHIP_2, 509, null, null, null);
        assertThat(Rtsp.describe(live(code, county))).startsWith("RTSP/1.0 200");
    }

    private static double connects() {
        Matcher m = Pattern.compile("^hub_media_pull_connects_total (\\S+)", Pattern.MULTILINE)
                .matcher(HUB.hub().anonymous().get("/metrics").text());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}

package org.sharpeyes.hub.media;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.registry.PointStatus;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.hub.testing.TestHub;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;

/** The status sweep marks answering cameras online, silent or babbling ones offline, and feeds the online rate. */
class StatusProbeTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    static CameraServer cameras;
    static GarbageServer garbage;
    static int cameraPort;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cameras = new CameraServer(new CameraSettings(320, 240, 25, 400_000, 25, null, null));
        int port = cameras.start("127.0.0.1", 0).getPort();
        cameraPort = port;
        garbage = new GarbageServer();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        register(801, "rtsp://127.0.0.1:" + port + "/cam801");
        register(802, "rtsp://127.0.0.1:" + port + "/cam802");
        register(803, "rtsp://127.0.0.1:" + closed + "/cam803");
        register(804, "rtsp://127.0.0.1:" + garbage.port() + "/cam804");
        Map<String, Object> gate = new java.util.HashMap<>(Map.of("code", "51012201011410000805", "name", "东门道闸",
                "type", "BARRIER_GATE", "region", SmallCounty.VILLAGE_1_1, "source", "COMMUNITY"));
        assertThat(HUB.admin().post("/api/v1/points", gate).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        cameras.close();
        garbage.close();
    }

    private static void register(int serial, String url) {
        Map<String, Object> point = SmallCounty.camera(SmallCounty.VILLAGE_1_1, serial);
        point.put("streamUrl", url);
        assertThat(HUB.admin().post("/api/v1/points", point).status()).isEqualTo(201);
    }

    private static String status(int serial) {
        return HUB.admin().get("/api/v1/points/" + SmallCounty.camera(SmallCounty.VILLAGE_1_1, serial).get("code"))
                .json().get("status").asText();
    }

    /** #22: the background sweep walks the points a slice a second and reaches the end. */
    @Test
    void theBackgroundSweepReachesEveryCameraSliceBySlice() throws Exception {
        try (TestHub paced = TestHub.start(dir, "--media.probeIntervalSeconds=4")) {
            ApiClient admin = paced.admin();
            SmallCounty.register(admin);
            int port = cameraPort;
            for (int serial = 811; serial <= 816; serial++) {
                Map<String, Object> point = SmallCounty.camera(SmallCounty.VILLAGE_1_1, serial);
                point.put("streamUrl", "rtsp://127.0.0.1:" + port + "/cam" + serial);
                assertThat(admin.post("/api/v1/points", point).status()).isEqualTo(201);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(admin.get("/api/v1/regions/"
                    + SmallCounty.VILLAGE_1_1 + "/stats").json().get("online").asInt()).isEqualTo(6));
        }
    }

    /** #22: a sweep of a county rewrote every point each time; it writes what changed, and keeps "offline since". */
    @Test
    void aSweepWritesOnlyWhatChangedAndKeepsWhenACameraThatStoppedWasLastSeen() throws Exception {
        String steady = (String) SmallCounty.camera(SmallCounty.VILLAGE_2_1, 831).get("code");
        String stopping = (String) SmallCounty.camera(SmallCounty.VILLAGE_2_1, 832).get("code");
        try (CameraServer leaving = new CameraServer(new CameraSettings(320, 240, 25, 400_000, 25, null, null))) {
            int port = leaving.start("127.0.0.1", 0).getPort();
            for (String[] point : new String[][] {{"831", "rtsp://127.0.0.1:" + cameraPort + "/cam831"},
                    {"832", "rtsp://127.0.0.1:" + port + "/cam832"}}) {
                Map<String, Object> body = SmallCounty.camera(SmallCounty.VILLAGE_2_1, Integer.parseInt(point[0]));
                body.put("streamUrl", point[1]);
                assertThat(HUB.admin().post("/api/v1/points", body).status()).isEqualTo(201);
            }
            HUB.hub().hub().prober().sweep();
            assertThat(HUB.hub().hub().points().find(stopping).orElseThrow().status()).isEqualTo(PointStatus.ONLINE);
        }
        Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        HUB.hub().hub().points().updateStatus(steady, PointStatus.ONLINE, tenMinutesAgo);
        Instant before = Instant.now();
        HUB.hub().hub().prober().sweep();
        assertThat(HUB.hub().hub().points().find(steady).orElseThrow().lastSeen())
                .as("a fresh enough last-seen time is not written again").isEqualTo(tenMinutesAgo);
        var stopped = HUB.hub().hub().points().find(stopping).orElseThrow();
        assertThat(stopped.status()).isEqualTo(PointStatus.OFFLINE);
        assertThat(stopped.lastSeen()).as("last seen when the sweep before found it").isBefore(before);

        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        HUB.hub().hub().points().updateStatus(steady, PointStatus.ONLINE, twoHoursAgo);
        HUB.hub().hub().prober().sweep();
        assertThat(HUB.hub().hub().points().find(steady).orElseThrow().lastSeen())
                .as("an hour-old last-seen time is").isAfterOrEqualTo(before);
    }

    @Test
    void marksEachCameraByWhetherItAnswersRtsp() throws InterruptedException {
        assertThat((long) HUB.hub().hub().prober().sweep()).as("every camera with a stream address, the gate not")
                .isEqualTo(HUB.hub().hub().points().countProbeTargets()).isGreaterThanOrEqualTo(4);
        assertThat(status(801)).isEqualTo("ONLINE");
        assertThat(status(802)).isEqualTo("ONLINE");
        assertThat(status(803)).isEqualTo("OFFLINE");
        assertThat(status(804)).isEqualTo("OFFLINE");
        assertThat(HUB.admin().get("/api/v1/points/51012201011410000805").json().get("status").asText())
                .isEqualTo("UNKNOWN");
        assertThat(HUB.admin().get("/api/v1/points/" + SmallCounty.camera(SmallCounty.VILLAGE_1_1, 801).get("code"))
                .json().get("lastSeen").isNull()).isFalse();
        JsonNode stats = HUB.admin().get("/api/v1/regions/" + SmallCounty.VILLAGE_1_1 + "/stats").json();
        assertThat(stats.get("online").asInt()).isEqualTo(2);
        assertThat(stats.get("offline").asInt()).isEqualTo(2);
        assertThat(stats.get("onlineRate").asDouble()).isEqualTo(0.4);
    }
}

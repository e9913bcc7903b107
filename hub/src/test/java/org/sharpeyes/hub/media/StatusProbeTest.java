package org.sharpeyes.hub.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;

/** The status sweep marks answering cameras online, silent or babbling ones offline, and feeds the online rate. */
class StatusProbeTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    static CameraServer cameras;
    static GarbageServer garbage;

    @BeforeAll
    static void start() throws Exception {
        cameras = new CameraServer(new CameraSettings(320, 240, 25, 400_000, 25, null, null));
        int port = cameras.start("127.0.0.1", 0).getPort();
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

    @Test
    void marksEachCameraByWhetherItAnswersRtsp() throws InterruptedException {
        assertThat(HUB.hub().hub().prober().sweep()).isEqualTo(4);
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

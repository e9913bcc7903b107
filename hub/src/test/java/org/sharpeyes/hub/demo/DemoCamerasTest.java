package org.sharpeyes.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.TestHub;

/** #22: every demo has cameras of its own, whatever else holds a port, and its points' addresses follow them. */
class DemoCamerasTest {

    @TempDir
    Path first;
    @TempDir
    Path second;

    private static String describeFirstCamera(TestHub hub) throws Exception {
        ApiClient village = hub.anonymous().as("village", "sharpeyes");
        JsonNode camera = village.get("/api/v1/points?type=CAMERA&size=1").json().get("items").get(0);
        assertThat(camera.get("streamUrl").asText()).as("the demo point's address names this demo's cameras")
                .startsWith("rtsp://127.0.0.1:" + hub.hub().demoCameraPort() + "/");
        return Rtsp.describe("rtsp://127.0.0.1:" + hub.hub().rtspPort() + "/live/" + camera.get("code").asText()
                + "?token=" + village.token());
    }

    @Test
    void twoDemosSideBySideEachPlayTheirOwnCamerasAndKeepTheirPortAcrossARestart() throws Exception {
        try (TestHub one = TestHub.start(first, "--demo", "--demo.devices=false");
                TestHub two = TestHub.start(second, "--demo", "--demo.devices=false")) {
            assertThat(one.hub().demoCameraPort()).isPositive().isNotEqualTo(two.hub().demoCameraPort());
            assertThat(describeFirstCamera(one)).startsWith("RTSP/1.0 200").contains("m=video");
            assertThat(describeFirstCamera(two)).startsWith("RTSP/1.0 200").contains("m=video");
        }
        int kept = Integer.parseInt(Files.readString(second.resolve("demo-camera-port")).strip());
        try (TestHub again = TestHub.start(second, "--demo", "--demo.devices=false")) {
            assertThat(describeFirstCamera(again)).startsWith("RTSP/1.0 200");
            assertThat(again.hub().demoCameraPort()).as("a free remembered port is taken again, nothing moves")
                    .isEqualTo(kept);
        }
    }

    @Test
    void aFixedPortThatIsTakenLeavesTheDemoWithoutCamerasAndSaysSo() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress());
                TestHub hub = TestHub.start(first, "--demo", "--demo.devices=false",
                        "--demo.cameraPort=" + taken.getLocalPort())) {
            assertThat(hub.hub().demoCameras()).isNull();
            assertThat(hub.hub().demoCameraPort()).isZero();
        }
    }
}

package org.sharpeyes.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.TestHub;

/** #19: the demo's first PTZ cameras are ONVIF devices: found by discovery, steered through ONVIF, after a restart too. */
class DemoOnvifTest {

    @TempDir
    Path dir;

    private static List<String> onvifCameras(ApiClient admin) {
        List<String> codes = new ArrayList<>();
        for (JsonNode point : admin.get("/api/v1/points?type=PTZ_CAMERA&size=200").json().get("items")) {
            if (point.hasNonNull("onvifUrl")) {
                codes.add(point.get("code").asText());
            }
        }
        return codes;
    }

    @Test
    void theDemoPtzCamerasAreOnvifDevicesThatDiscoveryFindsAndPtzMoves() throws Exception {
        List<String> codes;
        try (TestHub hub = TestHub.start(dir, "--demo", "--demo.devices=false")) {
            ApiClient admin = hub.admin();
            codes = onvifCameras(admin);
            assertThat(codes).hasSize(DemoOnvif.COUNT);
            ApiClient.Reply found = admin.post("/api/v1/onvif/discover", Map.of("hosts", List.of("127.0.0.1:"
                    + hub.hub().demoOnvif().discoveryPort()), "username", DemoOnvif.USERNAME, "password",
                    DemoOnvif.PASSWORD, "waitMillis", 1500));
            assertThat(found.status()).as(found.text()).isEqualTo(200);
            assertThat(found.json().get("devices").findValuesAsText("pointCode")).containsExactlyInAnyOrderElementsOf(
                    codes);
            assertThat(found.json().get("devices").findValuesAsText("vendor")).containsOnly("SharpEyes Sim");
            if (hub.hub().demoOnvif().multicast()) {
                // The devices joined the multicast group (loopback allows it here), so a probe without hosts, sent
                // on every interface, finds them too; other demos running beside this one may answer as well.
                JsonNode multicast = admin.post("/api/v1/onvif/discover", Map.of("waitMillis", 1500)).json()
                        .get("devices");
                assertThat(multicast.findValuesAsText("deviceUrl")).containsAll(codes.stream().map(code ->
                        hub.hub().demoOnvif().deviceUrl(code)).toList());
            }
            steer(hub, admin, codes.get(0));
        }
        try (TestHub again = TestHub.start(dir, "--demo", "--demo.devices=false")) {
            assertThat(onvifCameras(again.admin())).as("the same cameras, at the devices' new address")
                    .containsExactlyElementsOf(codes);
            steer(again, again.admin(), codes.get(1));
        }
    }

    private static void steer(TestHub hub, ApiClient admin, String code) {
        int before = hub.hub().demoCameras().ptz(code).pan();
        ApiClient.Reply moved = admin.post("/api/v1/points/" + code + "/ptz", Map.of("action", "left", "speed", 1.0));
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        assertThat(hub.hub().demoCameras().ptz(code).pan()).isEqualTo(Math.floorMod(before - 30, 360));
        assertThat(admin.get("/api/v1/points/" + code + "/presets").status()).isEqualTo(200);
        assertThat(admin.delete("/api/v1/points/" + code + "/ptz").status()).isEqualTo(204);
    }
}

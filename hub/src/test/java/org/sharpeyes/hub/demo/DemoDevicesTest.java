package org.sharpeyes.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.TestHub;
import org.sharpeyes.sim.device.SimulatedDevice;

/** {@code --demo} starts simulated devices that log in to the embedded broker as their points and are stored. */
class DemoDevicesTest {

    @TempDir
    Path dir;

    @Test
    void demoDevicesPublishInTheirDialectsAndEachOperatorSeesTheirOwn() {
        try (TestHub hub = TestHub.start(dir, "--demo", "--demo.cameras=false")) {
            DemoDevices devices = hub.hub().demoDevices();
            assertThat(devices).isNotNull();
            assertThat(devices.devices()).extracting(d -> d.dialect().id()).containsExactlyInAnyOrder("gate.json",
                    "gate.alarminfoplate", "plate.isapi", "plate.gat1400", "face.acs", "face.gat1400", "alarm.json");
            String alarmBox = devices.devices().stream().filter(d -> d.dialect().isAlarm()).findFirst()
                    .map(SimulatedDevice::pointCode).orElseThrow();
            ApiClient township = hub.anonymous().as("township", "sharpeyes");
            ApiClient village = hub.anonymous().as("village", "sharpeyes");

            Set<String> reporting = new HashSet<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode page = township.get("/api/v1/events?region=" + DemoDevices.COMMUNITY + "&size=200").json();
                page.get("items").forEach(event -> reporting.add(event.get("pointCode").asText()));
                return reporting.size() >= 4;
            });
            JsonNode drills = village.get("/api/v1/events?type=ONE_KEY_ALARM&point=" + alarmBox).json();
            assertThat(drills.get("total").asLong()).isPositive();
            assertThat(drills.at("/items/0/attributes/drill").asBoolean()).isTrue();
            assertThat(village.get("/api/v1/events?region=" + DemoDevices.COMMUNITY).status())
                    .as("the community is outside the village's region").isEqualTo(404);
            assertThat(hub.admin().get("/api/v1/events/dead-letters").json().get("total").asLong())
                    .as("every demo device is registered and speaks its dialect cleanly").isZero();
            assertThat(hub.anonymous().get("/metrics").text().lines().filter(l -> l.startsWith("hub_mqtt_refused_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum())
                    .as("every demo device logs in as itself and publishes on its own topics").isZero();
            assertThat(township.get("/api/v1/points/" + reporting.iterator().next()).json().get("status").asText())
                    .isEqualTo("ONLINE");
        }
    }
}

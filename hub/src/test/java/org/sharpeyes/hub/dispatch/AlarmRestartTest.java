package org.sharpeyes.hub.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.hub.testing.TestHub;
import org.sharpeyes.sim.device.DevicePublisher;
import org.sharpeyes.sim.device.Dialect;
import org.sharpeyes.sim.device.SimulatedDevice;

/** An alarm raised before a restart is still open after it, still on the walls, and still escalates. */
class AlarmRestartTest {

    @TempDir
    Path dir;

    @Test
    void anOpenAlarmSurvivesARestartAndEscalatesAfterIt() throws Exception {
        String box;
        String camera;
        String alarmId;
        long villageWall;
        try (TestHub hub = TestHub.start(dir, "dispatch.escalateSeconds=6")) {
            ApiClient admin = hub.admin();
            SmallCounty.register(admin);
            String school = SmallCounty.VILLAGE_1_1 + "902";
            assertThat(admin.post("/api/v1/regions", new HashMap<>(Map.of("code", school, "name", "和平小学",
                    "kind", "SCHOOL", "parent", SmallCounty.VILLAGE_1_1))).status()).isEqualTo(201);
            Map<String, Object> cam = SmallCounty.camera(school, 801);
            cam.put("lat", 30.7);
            cam.put("lon", 104.1);
            camera = (String) cam.get("code");
            assertThat(admin.post("/api/v1/points", cam).status()).isEqualTo(201);
            Map<String, Object> device = SmallCounty.device(school, "ONE_KEY_ALARM", "134", 802, "b", "box-pw", null);
            device.put("lat", 30.7);
            device.put("lon", 104.1);
            box = (String) device.get("code");
            assertThat(admin.post("/api/v1/points", device).status()).isEqualTo(201);

            try (DevicePublisher publisher = new DevicePublisher("tcp://127.0.0.1:" + hub.hub().broker().port(), 3)) {
                publisher.alarm(new SimulatedDevice(box, Dialect.ALARM_JSON, box, "box-pw"), "before-restart", "SOS");
            }
            ApiClient village = admin.as("village11-op", SmallCounty.PASSWORD);
            await().atMost(Duration.ofSeconds(5)).until(() -> village.get("/api/v1/alarms?state=OPEN").json()
                    .get("total").asLong() == 1);
            JsonNode alarm = village.get("/api/v1/alarms?state=OPEN").json().get("items").get(0);
            alarmId = alarm.get("id").asText();
            assertThat(alarm.get("escalatedAt").isNull()).isTrue();
            villageWall = village.get("/api/v1/walls").json().get(0).get("id").asLong();
        }

        try (TestHub hub = TestHub.start(dir, "dispatch.escalateSeconds=6")) {
            ApiClient village = hub.admin().as("village11-op", SmallCounty.PASSWORD);
            JsonNode after = village.get("/api/v1/alarms/" + alarmId).json().get("alarm");
            assertThat(after.get("state").asText()).isEqualTo("OPEN");
            assertThat(after.get("pointCode").asText()).isEqualTo(box);
            JsonNode wall = village.get("/api/v1/walls/" + villageWall).json();
            assertThat(wall.at("/tiles/0/pointCode").asText()).isEqualTo(camera);
            assertThat(wall.at("/tiles/0/alarmId").asText()).isEqualTo(alarmId);

            ApiClient county = hub.admin().as("county-op", SmallCounty.PASSWORD);
            await().atMost(Duration.ofSeconds(20)).until(() -> county.get("/api/v1/alarms?state=OPEN").json()
                    .get("items").findValuesAsText("id").contains(alarmId));
            assertThat(county.get("/api/v1/alarms/" + alarmId).json().at("/alarm/escalatedAt").isNull()).isFalse();
        }
    }
}

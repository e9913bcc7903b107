package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.device.DevicePublisher;
import org.sharpeyes.sim.device.Dialect;
import org.sharpeyes.sim.device.Scenario;
import org.sharpeyes.sim.device.SimulatedDevice;

/** The device simulators (one device per dialect) against a hub: a faulty morning and a school drill, counted. */
class SimulatedDevicesTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();

    private static final String[][] KINDS = {
        {"gate.alarminfoplate", "BARRIER_GATE", "141"}, {"gate.json", "BARRIER_GATE", "141"},
        {"plate.isapi", "PLATE_RECOGNIZER", "139"}, {"plate.gat1400", "PLATE_RECOGNIZER", "132"},
        {"face.acs", "FACE_RECOGNIZER", "139"}, {"face.gat1400", "FACE_RECOGNIZER", "132"},
        {"alarm.json", "ONE_KEY_ALARM", "134"}, {"alarm.gb28181", "ONE_KEY_ALARM", "134"}};

    private static List<SimulatedDevice> register(int firstSerial) {
        List<SimulatedDevice> devices = new ArrayList<>();
        for (int i = 0; i < KINDS.length; i++) {
            int serial = firstSerial + i;
            boolean bySerial = KINDS[i][0].equals("gate.alarminfoplate");
            String vendorSerial = bySerial ? "sn-" + serial : null;
            Map<String, Object> point = SmallCounty.device(SmallCounty.TOWNSHIP_1, KINDS[i][1], KINDS[i][2], serial,
                    "dev" + serial, "pw-" + serial, vendorSerial);
            ApiClient.Reply reply = HUB.admin().post("/api/v1/points", point);
            assertThat(reply.status()).as(reply.text()).isEqualTo(201);
            String code = (String) point.get("code");
            devices.add(new SimulatedDevice(code, Dialect.of(KINDS[i][0]), bySerial ? vendorSerial : code,
                    "pw-" + serial));
        }
        return devices;
    }

    private static String broker() {
        return "tcp://127.0.0.1:" + HUB.hub().hub().broker().port();
    }

    private static long stored(List<SimulatedDevice> devices) {
        long total = 0;
        for (SimulatedDevice device : devices) {
            total += HUB.admin().get("/api/v1/events?size=1&point=" + device.pointCode()).json().get("total")
                    .asLong();
        }
        return total;
    }

    private static long deadLetters() {
        return HUB.admin().get("/api/v1/events/dead-letters?size=1").json().get("total").asLong();
    }

    @Test
    void aFaultyMorningStoresExactlyTheGoodEventsAndKeepsTheBadOnes() throws Exception {
        List<SimulatedDevice> devices = register(500);
        long lettersBefore = deadLetters();
        DevicePublisher.Sent sent;
        try (DevicePublisher publisher = new DevicePublisher(broker(), 7)) {
            Scenario.FAULTS.playSteps(publisher, devices, 3_000, new Random(7));
            sent = publisher.sent();
        }
        assertThat(sent.malformed()).isPositive();
        assertThat(sent.unknownDevice()).isPositive();
        assertThat(sent.repeats()).isPositive();
        // Asserted rather than a bare condition, so that a timeout says which count fell short and by how much.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(stored(devices)).as("events stored").isGreaterThanOrEqualTo(sent.events());
            assertThat(deadLetters() - lettersBefore).as("dead letters kept").isGreaterThanOrEqualTo(
                    sent.malformed() + sent.unknownDevice());
        });
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> stored(devices)
                == sent.events());
        assertThat(deadLetters() - lettersBefore).isEqualTo(sent.malformed() + sent.unknownDevice());
        for (SimulatedDevice device : devices) {
            assertThat(HUB.admin().get("/api/v1/points/" + device.pointCode()).json().get("status").asText())
                    .as(device.dialect().id()).isEqualTo("ONLINE");
        }
    }

    @Test
    void aSchoolDrillRaisesTestsAlarmsAndCancels() throws Exception {
        List<SimulatedDevice> devices = register(600);
        SimulatedDevice box = devices.stream().filter(d -> d.dialect() == Dialect.ALARM_JSON).findFirst()
                .orElseThrow();
        try (DevicePublisher publisher = new DevicePublisher(broker(), 11)) {
            publisher.alarmDrill(box);
        }
        ApiClient county = HUB.as("county-op");
        await().atMost(Duration.ofSeconds(20)).until(() -> county.get("/api/v1/events?point=" + box.pointCode())
                .json().get("total").asInt() == 3);
        var items = county.get("/api/v1/events?point=" + box.pointCode()).json().get("items");
        assertThat(items.findValuesAsText("alarmType")).containsExactlyInAnyOrder("TEST", "SOS", "CANCEL");
        assertThat(items.findValuesAsText("severity")).contains("CRITICAL", "INFO");
    }

    @Test
    void aTimedMorningSendsExactlyItsRateForItsDurationAndAllIsStored() throws Exception {
        List<SimulatedDevice> devices = register(700);
        DevicePublisher.Sent sent;
        try (DevicePublisher publisher = new DevicePublisher(broker(), 13)) {
            Scenario.MORNING.play(publisher, devices, 300, Duration.ofSeconds(2), new Random(13));
            sent = publisher.sent();
        }
        assertThat(sent.events()).isEqualTo(600);
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(devices) >= sent.events());
        assertThat(stored(devices)).isEqualTo(sent.events());
    }
}

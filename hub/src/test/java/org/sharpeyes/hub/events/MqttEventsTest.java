package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.device.DevicePublisher;

/** Devices publish to the embedded broker with their own credentials; the hub stores, scopes and dead-letters. */
class MqttEventsTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    static String gate;
    static String otherGate;
    static String alarm;
    static String anpr;
    private final List<MqttAsyncClient> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void devices() {
        gate = register(SmallCounty.device(SmallCounty.TOWNSHIP_1, "BARRIER_GATE", "141", 11, "gate-user", "gate-pw",
                "e3a1-77f0"));
        otherGate = register(SmallCounty.device(SmallCounty.TOWNSHIP_2, "BARRIER_GATE", "141", 12, "gate-user",
                "other-pw", null));
        alarm = register(SmallCounty.device(SmallCounty.VILLAGE_1_1, "ONE_KEY_ALARM", "134", 13, "alarm-user",
                "alarm-pw", null));
        anpr = register(SmallCounty.device(SmallCounty.TOWNSHIP_1, "PLATE_RECOGNIZER", "139", 14, "anpr-user",
                "anpr-pw", "HK-ANPR-0014"));
    }

    private static String register(Map<String, Object> point) {
        return HUB.register(point);
    }

    @AfterEach
    void disconnect() throws MqttException {
        for (MqttAsyncClient client : clients) {
            if (client.isConnected()) {
                // A broker that refused a publish may never answer: do not wait on it.
                client.disconnectForcibly(0, 1_000, false);
            }
            client.close(true);
        }
    }

    private MqttAsyncClient connect(String username, String password) throws MqttException {
        // A device's client id is its login; the hub's own user may take any.
        String clientId = username.equals(HUB.hub().hub().broker().hubUser()) ? "test-" + System.nanoTime() : username;
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + HUB.hub().hub().broker().port(),
                clientId, new MemoryPersistence());
        clients.add(client);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(username);
        options.setPassword(password.toCharArray());
        options.setMaxInflight(1_000);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private MqttAsyncClient hubClient() throws MqttException {
        return connect(HUB.hub().hub().broker().hubUser(), HUB.hub().hub().broker().hubPassword());
    }

    private static void publish(MqttAsyncClient client, String topic, String payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        client.publish(topic, message).waitForCompletion(10_000);
    }

    private static JsonNode events(ApiClient viewer, String query) {
        ApiClient.Reply reply = viewer.get("/api/v1/events?" + query);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.json();
    }

    static String plate(String id, String license) {
        return "{\"id\":\"" + id + "\",\"sn\":\"e3a1-77f0\",\"timestamp\":1795305600,\"payload\":{\"AlarmInfoPlate\":"
                + "{\"result\":{\"PlateResult\":{\"license\":\"" + license + "\",\"colorType\":1,\"confidence\":96,"
                + "\"direction\":4}}}}}";
    }

    @Test
    void storesAGatePassFromADeviceLoggedInWithItsSerial() throws Exception {
        publish(connect("e3a1-77f0", "gate-pw"), "device/e3a1-77f0/message/up/ivs_result", plate("p-1",
                "5LqsQTEyMzQ1"));
        ApiClient town1 = HUB.as("town1-op");
        await().atMost(Duration.ofSeconds(20)).until(() -> byDeviceEventId(events(town1, "point=" + gate),
                "p-1") != null);
        JsonNode event = byDeviceEventId(events(town1, "point=" + gate), "p-1");
        assertThat(event.get("type").asText()).isEqualTo("VEHICLE_PASS");
        assertThat(event.get("regionCode").asText()).isEqualTo(SmallCounty.TOWNSHIP_1);
        assertThat(event.get("deviceEventId").asText()).isEqualTo("p-1");
        assertThat(event.get("attributes").get("plate").asText()).isEqualTo("京A12345");
        assertThat(event.get("occurredAt").asText()).isNotBlank();
        assertThat(HUB.as("town2-op").get("/api/v1/events?point=" + gate).status()).as("another township's point")
                .isEqualTo(404);
        assertThat(events(HUB.as("town2-op"), "").get("items").findValuesAsText("pointCode")).doesNotContain(gate);
        assertThat(HUB.as("town2-op").get("/api/v1/events?region=" + SmallCounty.TOWNSHIP_1).status())
                .isEqualTo(404);
        assertThat(HUB.admin().get("/api/v1/points/" + gate).json().get("status").asText()).isEqualTo("ONLINE");
    }

    @Test
    void storesARedeliveredEventOnce() throws Exception {
        MqttAsyncClient device = connect(alarm, "alarm-pw");
        String sos = "{\"deviceId\":\"" + alarm + "\",\"alarmId\":\"a-77\",\"alarmType\":\"SOS\","
                + "\"ts\":1795305900123,\"zone\":\"实验小学\"}";
        publish(device, "devices/alarm/" + alarm + "/sos", sos);
        publish(device, "devices/alarm/" + alarm + "/sos", sos);
        publish(device, "devices/alarm/" + alarm + "/sos", sos.replace("a-77", "a-78"));
        ApiClient county = HUB.as("county-op");
        await().atMost(Duration.ofSeconds(20)).until(() -> byDeviceEventId(events(county, "point=" + alarm
                + "&size=1000"), "a-78") != null);
        assertThat(events(county, "point=" + alarm + "&size=1000").get("items").findValuesAsText("deviceEventId"))
                .filteredOn(id -> id.equals("a-77")).hasSize(1);
        JsonNode sosEvent = byDeviceEventId(events(county, "point=" + alarm + "&type=ONE_KEY_ALARM&size=1000"), "a-77");
        assertThat(sosEvent.get("severity").asText()).isEqualTo("CRITICAL");
    }

    @Test
    void refusesAWrongPasswordAndAnotherDevicesTopic() throws Exception {
        assertThatThrownBy(() -> connect("e3a1-77f0", "wrong")).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> connect("nobody", "x")).isInstanceOf(MqttException.class);
        MqttAsyncClient device = connect("e3a1-77f0", "gate-pw");
        // The broker neither routes nor acknowledges a refused publish: do not wait for its acknowledgement.
        device.publish("devices/gate/" + otherGate + "/event", "{\"event\":\"PASS\",\"eventId\":\"spoof\"}"
                .getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> HUB.admin().get("/metrics").text().lines()
                .anyMatch(l -> l.startsWith("hub_mqtt_refused_total{what=\"topic\"}") && !l.endsWith(" 0.0")));
        assertThat(events(HUB.admin(), "point=" + otherGate).get("total").asInt()).isZero();
    }

    @Test
    void keepsUnreadablePayloadsAndUnknownDevicesAsDeadLettersForAdministrators() throws Exception {
        MqttAsyncClient hub = hubClient();
        publish(hub, "devices/gate/51012200990141000999/event", "{\"event\":\"PASS\",\"eventId\":\"ghost\"}");
        publish(hub, "devices/gate/" + gate + "/event", "{\"event\":{\"nested\":true},\"eventId\":\"bad\"}");
        publish(hub, "devices/gate/" + gate + "/event", "{\"event\":\"PASS\",\"eventId\":\"good-1\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> HUB.admin().get("/api/v1/events/dead-letters").json()
                .get("items").findValuesAsText("detail").stream().filter(d -> d.contains("ghost") || d.contains(
                        "51012200990141000999") || d.contains("event: expected text")).count() >= 2);
        JsonNode letters = HUB.admin().get("/api/v1/events/dead-letters").json().get("items");
        JsonNode unknown = find(letters, "unknown device");
        assertThat(unknown.get("topic").asText()).isEqualTo("devices/gate/51012200990141000999/event");
        assertThat(unknown.get("payloadText").asText()).contains("ghost");
        JsonNode unreadable = find(letters, "unreadable");
        assertThat(unreadable.get("field").asText()).isEqualTo("event");
        assertThat(unreadable.get("dialect").asText()).isEqualTo("gate.json");
        await().atMost(Duration.ofSeconds(10)).until(() -> events(HUB.admin(), "point=" + gate).get("items")
                .findValuesAsText("deviceEventId").contains("good-1"));
        assertThat(HUB.as("county-op").get("/api/v1/events/dead-letters").status()).isEqualTo(403);
        assertThat(HUB.admin().get("/metrics").text()).contains("hub_events_dead_letters_total{reason=\"unknown device\"}");
    }

    private static JsonNode byDeviceEventId(JsonNode page, String id) {
        for (JsonNode item : page.get("items")) {
            if (item.get("deviceEventId").asText().equals(id)) {
                return item;
            }
        }
        return null;
    }

    private static JsonNode find(JsonNode letters, String reason) {
        for (JsonNode letter : letters) {
            if (letter.get("reason").asText().equals(reason)) {
                return letter;
            }
        }
        throw new AssertionError("no dead letter with reason " + reason + " in " + letters);
    }

    @Test
    void republishesEveryStoredEventUnderHubEvents() throws Exception {
        MqttAsyncClient listener = hubClient();
        List<String> received = new CopyOnWriteArrayList<>();
        listener.subscribe("hub/events/#", 1, (topic, message) -> received.add(topic + " " + new String(
                message.getPayload(), StandardCharsets.UTF_8))).waitForCompletion(5_000);
        publish(connect(alarm, "alarm-pw"), "devices/alarm/" + alarm + "/sos", "{\"alarmId\":\"r-1\","
                + "\"alarmType\":\"TEST\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> received.stream().anyMatch(m -> m.startsWith(
                "hub/events/" + SmallCounty.VILLAGE_1_1 + "/ONE_KEY_ALARM ") && m.contains("\"drill\":true")));
    }

    @Test
    void liveSocketSendsEventsOfTheOperatorsRegionAndRefusesOthers() throws Exception {
        ApiClient town1 = HUB.as("town1-op");
        List<String> received = new CopyOnWriteArrayList<>();
        java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                live(town1, "type=VEHICLE_PASS,GATE_STATE"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws,
                            CharSequence data, boolean last) {
                        received.add(data.toString());
                        ws.request(1);
                        return null;
                    }
                }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            publish(connect(otherGate, "other-pw"), "devices/gate/" + otherGate + "/event",
                    "{\"event\":\"PASS\",\"eventId\":\"live-other\"}");
            publish(connect("e3a1-77f0", "gate-pw"), "devices/gate/" + gate + "/event",
                    "{\"event\":\"PASS\",\"eventId\":\"live-mine\",\"plate\":\"川A12345\"}");
            publish(connect(alarm, "alarm-pw"), "devices/alarm/" + alarm + "/sos",
                    "{\"alarmId\":\"live-alarm\",\"alarmType\":\"TEST\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> received.stream().anyMatch(m -> m.contains(
                    "live-mine")));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
            assertThat(received).noneMatch(m -> m.contains("live-other")).as("another township")
                    .noneMatch(m -> m.contains("live-alarm")).as("a type not asked for");
            assertThat(received).anyMatch(m -> m.contains("\"plate\":\"川A12345\""));
        } finally {
            socket.abort();
        }
        assertThat(refusal(live(town1, "region=" + SmallCounty.TOWNSHIP_2))).contains("404");
        assertThat(refusal(live(town1, "type=PARKING"))).contains("400");
        assertThat(refusal(java.net.URI.create(live(town1, "").toString().replace("token=" + town1.token(),
                "token=forged")))).contains("401");
    }

    private static java.net.URI live(ApiClient viewer, String query) {
        return java.net.URI.create("ws://127.0.0.1:" + HUB.hub().hub().httpPort() + "/api/v1/events/live?token="
                + viewer.token() + (query.isEmpty() ? "" : "&" + query));
    }

    private static String refusal(java.net.URI url) {
        try {
            java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(url,
                    new java.net.http.WebSocket.Listener() { }).get(10, java.util.concurrent.TimeUnit.SECONDS).abort();
            return "accepted";
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return String.valueOf(cause.getMessage());
        }
    }

    private static java.net.http.HttpResponse<String> push(String path, String user, String password, String body)
            throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                HUB.hub().base() + path)).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void devicesPushingOverHttpAreReadByTheSameDialects() throws Exception {
        String alert = "<EventNotificationAlert><dateTime>2026-11-22T08:01:02+08:00</dateTime><eventType>ANPR"
                + "</eventType><ANPR><licensePlate>京A54321</licensePlate><plateColor>blue</plateColor></ANPR>"
                + "</EventNotificationAlert>";
        var reply = push("/api/v1/ingest/isapi?deviceId=HK-ANPR-0014", "HK-ANPR-0014", "anpr-pw", alert);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(events(HUB.as("town1-op"), "point=" + anpr + "&type=PLATE_READ").get("items")
                .findValuesAsText("plate")).contains("京A54321");
        String vehicles = "{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[{\"MotorVehicleID\":\"mv-1\","
                + "\"PlateNo\":\"川A11111\",\"PlateColor\":\"5\",\"PassTime\":\"20261122080102\"},"
                + "{\"MotorVehicleID\":\"mv-2\",\"PlateNo\":\"川A22222\",\"PlateColor\":\"6\"}]}}";
        reply = push("/VIID/MotorVehicles", anpr, "anpr-pw", vehicles);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).contains("ResponseStatusListObject").contains("\"StatusCode\":0");
        assertThat(events(HUB.as("town1-op"), "point=" + anpr + "&type=PLATE_READ").get("items")
                .findValuesAsText("deviceEventId")).contains("mv-1", "mv-2");
        assertThat(push("/VIID/MotorVehicles", anpr, "wrong", vehicles).statusCode()).isEqualTo(401);
        assertThat(push("/api/v1/ingest/isapi?deviceId=" + gate, "HK-ANPR-0014", "anpr-pw", alert).statusCode())
                .as("speaking for another device").isEqualTo(403);
    }

    /** #16: one bad record of a GA/T 1400 message used to cost its good records too. */
    @Test
    void aViewLibraryMessageWithOneBadRecordKeepsItsGoodOnesAndTheMessage() throws Exception {
        String vehicles = "{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[{\"MotorVehicleID\":\"mv-good\","
                + "\"PlateNo\":\"川A33333\"},{\"MotorVehicleID\":\"mv-bad\",\"HasPlate\":\"1\"}]}}";
        var reply = push("/VIID/MotorVehicles", anpr, "anpr-pw", vehicles);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(events(HUB.admin(), "point=" + anpr + "&size=1000").get("items").findValuesAsText("deviceEventId"))
                .contains("mv-good").doesNotContain("mv-bad");
        JsonNode letters = HUB.admin().get("/api/v1/events/dead-letters?size=200").json().get("items");
        assertThat(letters.findValuesAsText("field")).contains("MotorVehicleListObject.MotorVehicleObject[1].PlateNo");
    }

    @Test
    void anOperatorOpensAGateInTheDialectTheGateSpeaks() throws Exception {
        MqttAsyncClient device = connect("e3a1-77f0", "gate-pw");
        List<String> commands = new CopyOnWriteArrayList<>();
        device.subscribe("device/e3a1-77f0/message/down/gpio_out", 1, (topic, message) -> commands.add(topic + " "
                + new String(message.getPayload(), StandardCharsets.UTF_8))).waitForCompletion(5_000);
        publish(device, "device/e3a1-77f0/message/up/ivs_result", plate("p-gate", "京A12345"));
        await().atMost(Duration.ofSeconds(20)).until(() -> byDeviceEventId(events(HUB.admin(), "point=" + gate
                + "&size=1000"), "p-gate") != null);
        ApiClient.Reply opened = HUB.as("town1-op").post("/api/v1/points/" + gate + "/gate", Map.of("action",
                "open"));
        assertThat(opened.status()).as(opened.text()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> commands.stream().anyMatch(c -> c.startsWith(
                "device/e3a1-77f0/message/down/gpio_out ") && c.contains("\"value\":2")));
        assertThat(HUB.as("town2-op").post("/api/v1/points/" + gate + "/gate", Map.of("action", "open")).status())
                .as("another township's gate").isEqualTo(404);
        assertThat(HUB.as("town1-op").post("/api/v1/points/" + gate + "/gate", Map.of("action", "explode"))
                .status()).isEqualTo(400);
        assertThat(HUB.as("county-op").post("/api/v1/points/" + alarm + "/gate", Map.of("action", "open")).status())
                .as("not a gate").isEqualTo(400);
    }

    @Test
    void tenThousandMixedMessagesGiveExactlyTheGoodEventsAndTheBadAsDeadLetters() throws Exception {
        MqttAsyncClient hub = hubClient();
        long lettersBefore = HUB.admin().get("/api/v1/events/dead-letters?size=1").json().get("total").asLong();
        int good = 0;
        int bad = 0;
        for (int i = 0; i < 10_000; i++) {
            MqttMessage message;
            String topic;
            if (i % 10 == 9) {
                topic = "devices/gate/" + gate + "/event";
                message = new MqttMessage(("{\"event\":\"PASS\",\"eventId\":\"bulk-" + i).getBytes(
                        StandardCharsets.UTF_8));
                bad++;
            } else if (i % 2 == 0) {
                topic = "devices/gate/" + gate + "/event";
                message = new MqttMessage(("{\"event\":\"PASS\",\"eventId\":\"bulk-" + i + "\",\"plate\":\"川A"
                        + String.format("%05d", i) + "\"}").getBytes(StandardCharsets.UTF_8));
                good++;
            } else {
                topic = "devices/alarm/" + alarm + "/sos";
                message = new MqttMessage(("{\"alarmId\":\"bulk-" + i + "\",\"alarmType\":\"TEST\"}").getBytes(
                        StandardCharsets.UTF_8));
                good++;
            }
            DevicePublisher.publishAtLeastOnce(hub, topic, message.getPayload());
        }
        int expected = good;
        ApiClient admin = HUB.admin();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                countBulk(admin, gate) + countBulk(admin, alarm) >= expected);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                countBulk(admin, gate) + countBulk(admin, alarm) == expected);
        int badCount = bad;
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/events/dead-letters?size=1").json()
                .get("total").asLong() - lettersBefore == badCount);
    }

    private static long countBulk(ApiClient admin, String point) {
        long count = 0;
        for (int page = 1; ; page++) {
            JsonNode body = events(admin, "point=" + point + "&size=1000&page=" + page);
            for (JsonNode item : body.get("items")) {
                if (item.get("deviceEventId").asText().startsWith("bulk-")) {
                    count++;
                }
            }
            if ((long) page * 1000 >= body.get("total").asLong()) {
                return count;
            }
        }
    }
}

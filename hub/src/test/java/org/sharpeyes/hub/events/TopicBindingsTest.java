package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;

/**
 * A site that put its gates and face recognizers on topics of its own (gate commands too), and set its own
 * watch-list threshold.
 */
class TopicBindingsTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("--mqtt.topics.gate.json=estate/+/gate/{device}/up",
            "--mqtt.topics.face.gat1400=viid/{device}/face", "--events.faceMatchThreshold=0.95",
            "--mqtt.commands.gate.json=estate/gate/{device}/down");
    static String gate;
    static String face;

    @BeforeAll
    static void devices() {
        gate = register(SmallCounty.device(SmallCounty.TOWNSHIP_1, "BARRIER_GATE", "141", 31, "gate-user", "gate-pw",
                null));
        face = register(SmallCounty.device(SmallCounty.TOWNSHIP_1, "FACE_RECOGNIZER", "139", 32, "face-user",
                "face-pw", null));
    }

    private static String register(Map<String, Object> point) {
        ApiClient.Reply reply = HUB.admin().post("/api/v1/points", point);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return (String) point.get("code");
    }

    private static JsonNode events(String query) {
        ApiClient.Reply reply = HUB.admin().get("/api/v1/events?size=100&" + query);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.json();
    }

    private static String pass(String id) {
        return "{\"eventId\":\"" + id + "\",\"time\":\"2026-11-22T08:01:02+08:00\",\"event\":\"PASS\","
                + "\"direction\":\"IN\",\"plate\":\"川A·88K21\",\"plateColor\":\"blue\"}";
    }

    private static String faceRecord(String id, double similarity) {
        return "{\"FaceListObject\":{\"FaceObject\":[{\"FaceID\":\"" + id + "\",\"DeviceID\":\"" + face + "\","
                + "\"FaceAppearTime\":\"20261122080300\",\"SimilarityDegree\":" + similarity
                + ",\"DispositionID\":\"watchlist-01\"}]}}";
    }

    private static MqttAsyncClient gateDevice() throws Exception {
        MqttAsyncClient device = new MqttAsyncClient("tcp://127.0.0.1:" + HUB.hub().hub().broker().port(),
                gate, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(gate);
        options.setPassword("gate-pw".toCharArray());
        device.connect(options).waitForCompletion(10_000);
        return device;
    }

    @Test
    void opensTheGateOnTheSitesCommandTopic() throws Exception {
        MqttAsyncClient device = gateDevice();
        try {
            List<String> commands = new CopyOnWriteArrayList<>();
            device.subscribe("estate/gate/" + gate + "/down", 1, (topic, message) -> commands.add(topic + " "
                    + new String(message.getPayload(), StandardCharsets.UTF_8))).waitForCompletion(10_000);
            publish(device, "estate/east/gate/" + gate + "/up", pass("before-open"));
            await().atMost(Duration.ofSeconds(20)).until(() -> events("point=" + gate).get("items")
                    .findValuesAsText("deviceEventId").contains("before-open"));
            ApiClient.Reply opened = HUB.admin().post("/api/v1/points/" + gate + "/gate", Map.of("action", "open"));
            assertThat(opened.status()).as(opened.text()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> commands.stream().anyMatch(c -> c.startsWith(
                    "estate/gate/" + gate + "/down ") && c.contains("OPEN")));
        } finally {
            device.disconnect().waitForCompletion(5_000);
            device.close();
        }
    }

    @Test
    void readsAGateOnTheSitesTopicAndNoLongerOnTheDialectsOwn() throws Exception {
        MqttAsyncClient device = gateDevice();
        try {
            // Not a topic of the gate's any more, so the broker refuses it: sent without waiting for an answer.
            device.publish("devices/gate/" + gate + "/event", pass("old-topic").getBytes(StandardCharsets.UTF_8), 0,
                    false);
            publish(device, "estate/east/gate/" + gate + "/up", pass("site-topic"));
            await().atMost(Duration.ofSeconds(20)).until(() -> events("point=" + gate).get("items")
                    .findValuesAsText("deviceEventId").contains("site-topic"));
            JsonNode items = events("point=" + gate).get("items");
            assertThat(items.findValuesAsText("deviceEventId")).as("the old topic is no longer read")
                    .contains("site-topic").doesNotContain("old-topic");
            assertThat(items.findValuesAsText("type")).containsOnly("VEHICLE_PASS");
            assertThat(items.findValuesAsText("plate")).containsOnly("川A88K21");
        } finally {
            device.disconnect().waitForCompletion(5_000);
            device.close();
        }
    }

    @Test
    void appliesTheSitesWatchListThresholdToFacesPushedOverHttpWhateverTheirTopic() throws Exception {
        assertThat(push(faceRecord("below", 0.93)).statusCode()).isEqualTo(200);
        assertThat(push(faceRecord("above", 0.97)).statusCode()).isEqualTo(200);
        JsonNode items = events("point=" + face).get("items");
        assertThat(items).hasSize(2);
        for (JsonNode item : items) {
            String expected = item.get("deviceEventId").asText().equals("above") ? "FACE_MATCH" : "FACE_CAPTURE";
            assertThat(item.get("type").asText()).as(item.toString()).isEqualTo(expected);
        }
    }

    private static void publish(MqttAsyncClient client, String topic, String payload) throws Exception {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        client.publish(topic, message).waitForCompletion(10_000);
    }

    private static HttpResponse<String> push(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(HUB.hub().base() + "/VIID/Faces"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((face + ":face-pw")
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

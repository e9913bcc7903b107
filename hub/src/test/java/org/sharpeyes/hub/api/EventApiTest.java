package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;

/**
 * #17: what the web UI's events, map and dashboard read: one event and its pictures, search by part of a plate,
 * events per hour, the points of a scope with positions, and points silent longest first; all inside the scope.
 */
class EventApiTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    static String gate;
    static String villageCamera;
    static String townCamera;
    static byte[] picture;
    static String eventId;
    static MqttAsyncClient device;

    @BeforeAll
    static void aGateThatSawACar() throws Exception {
        gate = HUB.register(SmallCounty.device(SmallCounty.TOWNSHIP_1, "BARRIER_GATE", "141", 31, "gate-user",
                "gate-pw", "sn-31"));
        Map<String, Object> camera = SmallCounty.camera(SmallCounty.VILLAGE_1_1, 32);
        camera.put("lat", 30.61);
        camera.put("lon", 104.02);
        villageCamera = HUB.register(camera);
        Map<String, Object> other = SmallCounty.camera(SmallCounty.TOWNSHIP_2, 33);
        other.put("lat", 30.50);
        other.put("lon", 104.10);
        townCamera = HUB.register(other);
        picture = jpeg();
        device = new MqttAsyncClient("tcp://127.0.0.1:" + HUB.hub().hub().broker().port(), "sn-31",
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName("sn-31");
        options.setPassword("gate-pw".toCharArray());
        device.connect(options).waitForCompletion(10_000);
        String payload = "{\"id\":\"pass-1\",\"sn\":\"sn-31\",\"timestamp\":1795305600,\"payload\":{\"AlarmInfoPlate\":"
                + "{\"result\":{\"PlateResult\":{\"license\":\"川A12345\",\"colorType\":1,\"confidence\":96,"
                + "\"direction\":4,\"imageFile\":\"" + Base64.getEncoder().encodeToString(picture) + "\"}}}}}";
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        device.publish("device/sn-31/message/up/ivs_result", message).waitForCompletion(10_000);
        ApiClient town = HUB.as("town1-op");
        await().atMost(Duration.ofSeconds(20)).until(() -> town.get("/api/v1/events?point=" + gate).json()
                .get("total").asLong() == 1);
        eventId = town.get("/api/v1/events?point=" + gate).json().get("items").get(0).get("id").asText();
    }

    @AfterAll
    static void close() throws Exception {
        if (device != null && device.isConnected()) {
            device.disconnectForcibly(0, 1_000, false);
        }
    }

    private static byte[] jpeg() throws Exception {
        BufferedImage image = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, 64, 32);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private static HttpResponse<byte[]> raw(ApiClient as, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(HUB.hub().base() + path))
                .header("Authorization", "Bearer " + as.token()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void findsAnEventByAnyPartOfItsPlateInEitherCase() {
        ApiClient town = HUB.as("town1-op");
        JsonNode found = town.get("/api/v1/events?plate=a123").json();
        assertThat(found.get("total").asLong()).isEqualTo(1);
        assertThat(found.get("items").get(0).get("attributes").get("plate").asText()).isEqualTo("川A12345");
        assertThat(town.get("/api/v1/events?plate=B999").json().get("total").asLong()).isZero();
        assertThat(HUB.as("town2-op").get("/api/v1/events?plate=A123").json().get("total").asLong())
                .as("another township's plate reads").isZero();
    }

    @Test
    void servesAnEventAndItsPictureOnlyInsideTheScope() throws Exception {
        ApiClient town = HUB.as("town1-op");
        JsonNode event = town.get("/api/v1/events/" + eventId).json();
        assertThat(event.get("pointCode").asText()).isEqualTo(gate);
        String ref = event.get("attributes").get("imageRefs").get(0).asText();
        HttpResponse<byte[]> image = raw(town, "/api/v1/events/" + eventId + "/images/" + ref);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(image.body()).isEqualTo(picture);
        ApiClient stranger = HUB.as("town2-op");
        assertThat(stranger.get("/api/v1/events/" + eventId).status()).isEqualTo(404);
        assertThat(raw(stranger, "/api/v1/events/" + eventId + "/images/" + ref).statusCode()).isEqualTo(404);
        assertThat(town.get("/api/v1/events/" + eventId + "/images/" + "0".repeat(64) + ".jpg").status())
                .as("a picture that is not this event's").isEqualTo(404);
        assertThat(town.get("/api/v1/events/no-such-event").json().get("detail").asText()).contains("no-such-event");
    }

    /** #22: a "+" typed into a URL unencoded arrives as a space; the offset it began is read as it was meant. */
    @Test
    void readsATimeWhoseOffsetPlusCameAsASpace() {
        String since = "2026-01-01T00:00:00+08:00";
        assertThat(HUB.as("town1-op").get("/api/v1/events?since=" + since).json().get("total").asLong())
                .isEqualTo(1);
        assertThat(HUB.admin().get("/api/v1/audit?since=" + since).status()).isEqualTo(200);
        assertThat(HUB.admin().get("/api/v1/audit?since=yesterday").json().get("field").asText()).isEqualTo("since");
        assertThat(HUB.as("town1-op").get("/api/v1/events?until=2026-01-01T00:00:00%2B08:00").json().get("total")
                .asLong()).isZero();
    }

    @Test
    void countsEventsPerHourInTheScope() {
        JsonNode hours = HUB.as("town1-op").get("/api/v1/events/hourly?hours=24").json().get("hours");
        assertThat(hours).hasSize(24);
        long total = 0;
        for (JsonNode hour : hours) {
            total += hour.get("events").asLong();
        }
        assertThat(total).isEqualTo(1);
        assertThat(hours.get(23).get("events").asLong()).as("the current hour is last").isEqualTo(1);
        JsonNode other = HUB.as("town2-op").get("/api/v1/events/hourly").json().get("hours");
        assertThat(other.findValuesAsText("events")).containsOnly("0");
        assertThat(HUB.as("town2-op").get("/api/v1/events/hourly?region=" + SmallCounty.TOWNSHIP_1).status())
                .isEqualTo(404);
        assertThat(HUB.as("town1-op").get("/api/v1/events/hourly?hours=0").status()).isEqualTo(400);
    }

    @Test
    void mapsOnlyThePointsOfTheScopeWithLabelsForItsRegions() {
        JsonNode village = HUB.as("village11-op").get("/api/v1/points/map").json();
        assertThat(village.get("points")).hasSize(1);
        assertThat(village.get("points").get(0).get(0).asText()).isEqualTo(villageCamera);
        assertThat(village.get("points").get(0).get(1).asDouble()).isEqualTo(30.61);
        JsonNode county = HUB.as("county-op").get("/api/v1/points/map").json();
        assertThat(county.get("points")).hasSize(2);
        assertThat(county.get("regions").findValuesAsText("code")).containsExactly(SmallCounty.TOWNSHIP_1,
                SmallCounty.TOWNSHIP_2);
        assertThat(county.get("regions").get(0).get("name").asText()).isEqualTo("东升街道");
        assertThat(HUB.as("village11-op").get("/api/v1/points/map?region=" + SmallCounty.TOWNSHIP_2).status())
                .isEqualTo(404);
    }

    @Test
    void listsThePointsSilentLongestFirst() {
        ApiClient admin = HUB.admin();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin.get(
                "/api/v1/points?sort=lastSeen&size=10").json().get("items").findValuesAsText("code"))
                .as("the gate has been heard, the cameras never").endsWith(gate).hasSize(3));
        assertThat(admin.get("/api/v1/points?sort=name").json().get("field").asText()).isEqualTo("sort");
    }
}

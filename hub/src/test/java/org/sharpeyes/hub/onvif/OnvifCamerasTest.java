package org.sharpeyes.hub.onvif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.onvif.OnvifSettings;
import org.sharpeyes.sim.onvif.OnvifSimulator;

/**
 * ONVIF end to end against a started hub and simulated ONVIF cameras over loopback: discovery, registration from
 * discovery, play from the discovered address, the camera's own snapshot, PTZ and presets through ONVIF seen in
 * the decoded picture, the status probe, and the refusals (wrong password, another region, no ONVIF).
 */
class OnvifCamerasTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    private static final String USER = "admin";
    private static final String PASSWORD = "cam-pw-9";
    private static OnvifSimulator onvif;
    private static String village1;
    private static String village2;
    private static String town2;

    @BeforeAll
    static void cameras() throws Exception {
        village1 = (String) SmallCounty.camera(SmallCounty.VILLAGE_1_1, 801).get("code");
        village2 = (String) SmallCounty.camera(SmallCounty.VILLAGE_1_1, 802).get("code");
        town2 = (String) SmallCounty.camera(SmallCounty.TOWNSHIP_2, 803).get("code");
        onvif = new OnvifSimulator(OnvifSettings.of(USER, PASSWORD), CAMERAS.server(), "rtsp://127.0.0.1:"
                + CAMERAS.port(), 320, 240).add(village1, "红星村 球机 1").add(village2, "红星村 球机 2")
                .add(town2, "九江 球机");
        onvif.start("127.0.0.1", 0, 0, false);
    }

    @AfterAll
    static void stop() {
        onvif.close();
    }

    private static Map<String, Object> discover(String user, String password) {
        Map<String, Object> body = new HashMap<>();
        body.put("hosts", List.of("127.0.0.1:" + onvif.discoveryPort()));
        body.put("waitMillis", 1500);
        if (user != null) {
            body.put("username", user);
            body.put("password", password);
        }
        return body;
    }

    private static ApiClient.Reply register(ApiClient as, String code, String region, String password) {
        Map<String, Object> body = new HashMap<>();
        body.put("deviceUrl", onvif.deviceUrl(code));
        body.put("username", USER);
        body.put("password", password);
        body.put("code", code);
        body.put("name", "球机 " + code.substring(14));
        body.put("region", region);
        body.put("source", "SHARP_EYES");
        return as.post("/api/v1/onvif/register", body);
    }

    private static String registered(String code, String region) {
        ApiClient.Reply reply = register(HUB.admin(), code, region, PASSWORD);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return code;
    }

    @Test
    void findsTheCamerasWithWhatTheyAreAndWhetherTheyAreRegistered() {
        String code = registered(town2, SmallCounty.TOWNSHIP_2);
        ApiClient.Reply reply = HUB.admin().post("/api/v1/onvif/discover", discover(USER, PASSWORD));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonNode devices = reply.json().get("devices");
        assertThat(devices.size()).as("the three cameras, and any a test before added").isGreaterThanOrEqualTo(3);
        JsonNode first = find(devices, onvif.deviceUrl(village1));
        assertThat(first.get("name").asText()).isEqualTo("红星村 球机 1");
        assertThat(first.get("vendor").asText()).isEqualTo("SharpEyes Sim");
        assertThat(first.get("model").asText()).isEqualTo("SE-PTZ-SIM");
        assertThat(first.get("serial").asText()).isEqualTo("SIM" + village1);
        assertThat(first.get("ptz").asBoolean()).isTrue();
        assertThat(first.get("profiles").findValuesAsText("encoding")).containsExactly("H264", "H265");
        assertThat(first.get("streamUrl").asText()).isEqualTo("rtsp://127.0.0.1:" + CAMERAS.port() + "/" + village1);
        assertThat(find(devices, onvif.deviceUrl(town2)).get("pointCode").asText()).isEqualTo(code);

        JsonNode asTown1 = HUB.as("town1-installer").post("/api/v1/onvif/discover", discover(null, null)).json()
                .get("devices");
        JsonNode other = find(asTown1, onvif.deviceUrl(town2));
        assertThat(other.get("registered").asBoolean()).isTrue();
        assertThat(other.get("pointCode").isNull()).as("a point outside the caller's region is not named").isTrue();
        assertThat(other.has("vendor")).as("no login given, nothing read").isFalse();

        JsonNode wrong = find(HUB.admin().post("/api/v1/onvif/discover", discover(USER, "nope")).json()
                .get("devices"), onvif.deviceUrl(village1));
        assertThat(wrong.get("errorKind").asText()).isEqualTo("NOT_AUTHORIZED");
        assertThat(wrong.get("error").asText()).contains("wrong user name or password");
        assertThat(HUB.as("village11-op").post("/api/v1/onvif/discover", discover(null, null)).status())
                .as("operators do not install").isEqualTo(403);
        assertThat(HUB.admin().post("/api/v1/onvif/discover", Map.of("hosts", List.of("10.0.0.0/8"))).status())
                .isEqualTo(400);
    }

    private static JsonNode find(JsonNode devices, String deviceUrl) {
        for (JsonNode device : devices) {
            if (device.get("deviceUrl").asText().equals(deviceUrl)) {
                return device;
            }
        }
        throw new AssertionError(deviceUrl + " not among " + devices);
    }

    @Test
    void registersADiscoveredCameraInOneCallAndPlaysItsVideo() throws Exception {
        ApiClient installer = HUB.as("town1-installer");
        ApiClient.Reply reply = register(installer, village1, SmallCounty.VILLAGE_1_1, PASSWORD);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        JsonNode point = reply.json();
        assertThat(point.get("type").asText()).isEqualTo("PTZ_CAMERA");
        assertThat(point.get("vendor").asText()).isEqualTo("SharpEyes Sim");
        assertThat(point.get("serial").asText()).isEqualTo("SIM" + village1);
        assertThat(point.get("onvifUrl").asText()).isEqualTo(onvif.deviceUrl(village1));
        assertThat(point.get("streamUrl").asText()).isEqualTo("rtsp://127.0.0.1:" + CAMERAS.port() + "/" + village1);
        assertThat(point.at("/onvif/model").asText()).isEqualTo("SE-PTZ-SIM");
        assertThat(point.at("/onvif/firmware").asText()).isEqualTo("1.4.2 build 261203");
        assertThat(point.at("/onvif/snapshotUrl").asText()).endsWith("/snapshot.jpg");

        assertThat(picture(village1, HUB.as("village11-op"))).isNotNull();
        BufferedImage snapshot = ImageIO.read(new ByteArrayInputStream(snapshotBytes(village1,
                HUB.as("village11-op"))));
        assertThat(snapshot.getWidth()).isEqualTo(320);

        ApiClient.Reply again = register(installer, village1, SmallCounty.VILLAGE_1_1, PASSWORD);
        assertThat(again.status()).isEqualTo(409);
        ApiClient.Reply refresh = installer.post("/api/v1/points/" + village1 + "/onvif/refresh", Map.of());
        assertThat(refresh.status()).as(refresh.text()).isEqualTo(200);
        assertThat(refresh.json().at("/onvif/profile").asText()).isEqualTo("main");
        assertThat(HUB.as("village11-op").get("/api/v1/points/" + village1 + "/onvif").json().get("model").asText())
                .isEqualTo("SE-PTZ-SIM");
    }

    @Test
    void registersACameraWhoseClockIsHoursOffBySigningOnItsClock() throws Exception {
        String code = (String) SmallCounty.camera(SmallCounty.VILLAGE_1_1, 808).get("code");
        try (OnvifSimulator skewed = new OnvifSimulator(OnvifSettings.of(USER, PASSWORD)
                .withAuth(OnvifSettings.Auth.TOKEN).withClockSkew(Duration.ofHours(-3)), CAMERAS.server(),
                "rtsp://127.0.0.1:" + CAMERAS.port(), 320, 240).add(code, "时钟不准")) {
            skewed.start("127.0.0.1", 0, 0, false);
            Map<String, Object> body = new HashMap<>(Map.of("deviceUrl", skewed.deviceUrl(code), "username", USER,
                    "password", PASSWORD, "code", code, "name", "时钟不准", "region", SmallCounty.VILLAGE_1_1,
                    "source", "SHARP_EYES"));
            ApiClient.Reply reply = HUB.admin().post("/api/v1/onvif/register", body);
            assertThat(reply.status()).as(reply.text()).isEqualTo(201);
            assertThat(reply.json().at("/onvif/clockOffsetMillis").asLong()).as("remembered for signing")
                    .isBetween(-3 * 3_600_000L - 3_000, -3 * 3_600_000L + 3_000);
            assertThat(HUB.as("village11-op").get("/api/v1/points/" + code + "/presets").status())
                    .as("later calls sign on the remembered clock").isEqualTo(200);
        }
    }

    @Test
    void refusesWhatTheInstallerMayNotOrTheCameraWillNot() {
        ApiClient installer = HUB.as("town1-installer");
        ApiClient.Reply wrong = register(installer, village2, SmallCounty.VILLAGE_1_1, "not-the-password");
        assertThat(wrong.status()).isEqualTo(502);
        assertThat(wrong.json().get("error").asText()).isEqualTo("camera_login_refused");
        assertThat(wrong.json().get("detail").asText()).contains("wrong user name or password");
        assertThat(HUB.admin().get("/api/v1/points/" + village2).status()).as("nothing registered").isEqualTo(404);

        ApiClient.Reply outside = register(installer, village2, SmallCounty.TOWNSHIP_2, PASSWORD);
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.json().get("field").asText()).isEqualTo("region");

        ApiClient.Reply unreachable = installer.post("/api/v1/onvif/register", Map.of("deviceUrl",
                "http://127.0.0.1:1/onvif/device_service", "code", village2, "name", "x", "region",
                SmallCounty.VILLAGE_1_1, "source", "SHARP_EYES"));
        assertThat(unreachable.status()).isEqualTo(502);
        assertThat(unreachable.json().get("detail").asText()).contains("cannot reach 127.0.0.1:1");

        String plain = HUB.register(withType(SmallCounty.camera(SmallCounty.VILLAGE_1_1, 809)));
        ApiClient.Reply noOnvif = HUB.as("village11-op").get("/api/v1/points/" + plain + "/presets");
        assertThat(noOnvif.status()).isEqualTo(409);
        assertThat(noOnvif.json().get("detail").asText()).contains("has no ONVIF address");
        assertThat(HUB.as("town2-op").get("/api/v1/points/" + registered(village2, SmallCounty.VILLAGE_1_1)
                + "/presets").status()).as("another township's camera").isEqualTo(404);
        assertThat(HUB.as("town2-op").get("/api/v1/points/" + village2 + "/onvif").status()).isEqualTo(404);
    }

    private static Map<String, Object> withType(Map<String, Object> point) {
        point.put("type", "PTZ_CAMERA");
        return point;
    }

    @Test
    void movesTheCameraThroughOnvifAndThePictureShowsIt() throws Exception {
        String code = registered(addDevice(804), SmallCounty.VILLAGE_1_1);
        ApiClient village = HUB.as("village11-op");
        boolean[] before = figures(code, village);
        int startPan = CAMERAS.server().ptz(code).pan();
        for (int i = 0; i < 3; i++) {
            ApiClient.Reply moved = village.post("/api/v1/points/" + code + "/ptz", Map.of("action", "right",
                    "speed", 1.0));
            assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        }
        assertThat(CAMERAS.server().ptz(code).pan()).isEqualTo((startPan + 90) % 360);
        await().atMost(Duration.ofSeconds(15)).until(() -> changed(before, figures(code, village)) > 20);

        ApiClient.Reply saved = village.post("/api/v1/points/" + code + "/presets", Map.of("name", "校门口"));
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        String token = saved.json().get("token").asText();
        assertThat(village.post("/api/v1/points/" + code + "/ptz", Map.of("action", "zoomIn", "speed", 0.5))
                .status()).isEqualTo(200);
        double zoomed = CAMERAS.server().ptz(code).zoom();
        assertThat(zoomed).isGreaterThan(1.0);
        JsonNode presets = village.get("/api/v1/points/" + code + "/presets").json().get("presets");
        assertThat(presets.findValuesAsText("name")).containsExactly("校门口");
        ApiClient.Reply back = village.post("/api/v1/points/" + code + "/ptz", Map.of("action", "preset", "token",
                token));
        assertThat(back.status()).as(back.text()).isEqualTo(200);
        assertThat(CAMERAS.server().ptz(code).zoom()).isEqualTo(1.0);
        assertThat(CAMERAS.server().ptz(code).pan()).isEqualTo((startPan + 90) % 360);
        JsonNode where = village.get("/api/v1/points/" + code + "/ptz").json();
        assertThat(where.at("/position/pan").asDouble()).as("GetStatus in ONVIF's generic space").isCloseTo(
                ((startPan + 90) % 360) / 180.0 - 1, org.assertj.core.data.Offset.offset(0.001));
        assertThat(where.at("/holder/username").asText()).isEqualTo("village11-op");
        assertThat(village.post("/api/v1/points/" + code + "/ptz", Map.of("action", "preset")).status())
                .as("a preset move needs its token").isEqualTo(400);
        assertThat(village.post("/api/v1/points/" + code + "/ptz", Map.of("action", "preset", "token", "nope"))
                .json().get("error").asText()).isEqualTo("camera_fault");
        assertThat(HUB.as("town1-op").post("/api/v1/points/" + code + "/presets", Map.of("name", "抢")).status())
                .as("a higher tier takes the lock to save a preset").isEqualTo(201);
        assertThat(village.delete("/api/v1/points/" + code + "/presets/" + token).status())
                .as("the lock is the township's now").isEqualTo(409);
        assertThat(HUB.as("town1-op").delete("/api/v1/points/" + code + "/presets/" + token).status())
                .isEqualTo(204);
        assertThat(onvif.presetNames(code)).containsExactly("抢");
        JsonNode audit = HUB.admin().get("/api/v1/audit?action=PTZ_PRESET_SAVED").json();
        assertThat(audit.get("items").findValuesAsText("target")).contains(code);
    }

    private static String addDevice(int serial) {
        String code = (String) SmallCounty.camera(SmallCounty.VILLAGE_1_1, serial).get("code");
        onvif.add(code, "红星村 球机 " + serial);
        return code;
    }

    @Test
    void anOnvifCameraIsOnlineWhenItsDeviceAnswersWithoutAVideoSession() throws Exception {
        String code = addDevice(805);
        Map<String, Object> point = withType(SmallCounty.camera(SmallCounty.VILLAGE_1_1, 805));
        point.put("streamUrl", "rtsp://127.0.0.1:1/nothing-listens");
        point.put("onvifUrl", onvif.deviceUrl(code));
        HUB.register(point);
        HUB.hub().hub().prober().sweep();
        assertThat(HUB.admin().get("/api/v1/points/" + code).json().get("status").asText()).isEqualTo("ONLINE");
        Map<String, Object> gone = withType(SmallCounty.camera(SmallCounty.VILLAGE_1_1, 806));
        gone.put("onvifUrl", "http://127.0.0.1:1/onvif/device_service");
        HUB.register(gone);
        HUB.hub().hub().prober().sweep();
        assertThat(HUB.admin().get("/api/v1/points/" + gone.get("code")).json().get("status").asText())
                .isEqualTo("OFFLINE");
    }

    @Test
    void motionAndTamperArriveAsEventsAndTheSubscriptionSurvivesACameraRestart() {
        String code = registered(addDevice(807), SmallCounty.VILLAGE_1_1);
        HUB.hub().hub().onvifEvents().rescan();
        await().atMost(Duration.ofSeconds(10)).until(() -> onvif.subscriptions(code) == 1);
        onvif.raise(code, OnvifSimulator.Event.MOTION, true);
        ApiClient village = HUB.as("village11-op");
        await().atMost(Duration.ofSeconds(15)).until(() -> village.get("/api/v1/events?type=MOTION&point=" + code)
                .json().get("items").size() == 1);
        JsonNode motion = village.get("/api/v1/events?type=MOTION&point=" + code).json().at("/items/0");
        assertThat(motion.at("/attributes/active").asBoolean()).isTrue();
        assertThat(motion.at("/attributes/topic").asText()).isEqualTo("RuleEngine/CellMotionDetector/Motion");
        assertThat(motion.get("regionCode").asText()).isEqualTo(SmallCounty.VILLAGE_1_1);
        assertThat(HUB.as("town2-op").get("/api/v1/events?type=MOTION&point=" + code).status())
                .as("another township's camera").isEqualTo(404);

        onvif.reboot(code);
        await().atMost(Duration.ofSeconds(30)).until(() -> onvif.subscriptions(code) == 1);
        onvif.raise(code, OnvifSimulator.Event.TAMPER, true);
        await().atMost(Duration.ofSeconds(15)).until(() -> village.get("/api/v1/events?type=DEVICE_FAULT&point="
                + code).json().get("items").size() == 1);
        assertThat(village.get("/api/v1/events?type=DEVICE_FAULT&point=" + code).json()
                .at("/items/0/attributes/faultCode").asText()).isEqualTo("TAMPER");
    }

    /** The first picture of {@code code}'s live HTTP-FLV from the hub, decoded by FFmpeg. */
    private static BufferedImage picture(String code, ApiClient as) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(as.base() + "/live/" + code + ".flv?token="
                + as.token()); Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.setFormat("flv");
            grabber.setOption("rw_timeout", "15000000");
            // start() holds JavaCV's global codec lock while it waits for the stream, and the camera simulator in
            // this JVM needs that lock to open its encoder: the two would wait on each other.
            grabber.startUnsafe();
            Frame frame = grabber.grabImage();
            BufferedImage image = converter.convert(frame);
            BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            copy.getGraphics().drawImage(image, 0, 0, null);
            grabber.stop();
            return copy;
        }
    }

    private static byte[] snapshotBytes(String code, ApiClient as) throws Exception {
        HttpResponse<byte[]> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(as.base()
                + "/api/v1/points/" + code + "/snapshot?token=" + as.token())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        return reply.body();
    }

    /** Which pixels of the decoded picture's bottom band are the green of the simulator's PTZ figures. */
    private static boolean[] figures(String code, ApiClient as) throws Exception {
        BufferedImage image = picture(code, as);
        int top = image.getHeight() * 3 / 4;
        boolean[] green = new boolean[(image.getHeight() - top) * image.getWidth()];
        for (int y = top; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                green[(y - top) * image.getWidth() + x] = ((rgb >> 8) & 0xFF) > 160 && ((rgb >> 16) & 0xFF) < 110
                        && (rgb & 0xFF) < 110;
            }
        }
        return green;
    }

    /** How many pixels are figure in one picture and not in the other. */
    private static int changed(boolean[] before, boolean[] after) {
        int changed = 0;
        for (int i = 0; i < Math.min(before.length, after.length); i++) {
            changed += before[i] != after[i] ? 1 : 0;
        }
        return changed;
    }
}

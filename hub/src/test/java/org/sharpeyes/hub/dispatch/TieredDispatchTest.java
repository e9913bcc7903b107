package org.sharpeyes.hub.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.device.Dialect;
import org.sharpeyes.sim.device.DevicePublisher;
import org.sharpeyes.sim.device.SimulatedDevice;

/**
 * Tiers against a started hub with real HTTP, WebSocket, RTSP (PTZ to the camera simulator) and MQTT (an alarm box
 * publishing to the embedded broker): walls, push and share, PTZ locks, alarm linkage and escalation, audit; the
 * refusals as carefully as the grants.
 */
class TieredDispatchTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("dispatch.escalateSeconds=3", "dispatch.ptzLockSeconds=2");
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SCHOOL = SmallCounty.VILLAGE_1_1 + "901";

    static String village11Camera;
    static String town2Camera;
    static String ptzCamera;
    static String schoolCamera;
    static String alarmBox;
    static String faceRecognizer;
    static String pictureCamera;
    private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void county() {
        ApiClient admin = HUB.admin();
        Map<String, Object> school = new HashMap<>(Map.of("code", SCHOOL, "name", "红星小学", "kind", "SCHOOL",
                "parent", SmallCounty.VILLAGE_1_1));
        assertThat(admin.post("/api/v1/regions", school).status()).isEqualTo(201);
        village11Camera = CAMERAS.register(SmallCounty.VILLAGE_1_1, 701, null);
        town2Camera = CAMERAS.register(SmallCounty.TOWNSHIP_2, 702, null);
        ptzCamera = register(ptz(SmallCounty.VILLAGE_1_1, 703));
        pictureCamera = register(ptz(SmallCounty.VILLAGE_1_1, 707));
        Map<String, Object> near = SmallCounty.camera(SCHOOL, 704);
        near.put("streamUrl", "rtsp://127.0.0.1:" + CAMERAS.port() + "/" + near.get("code"));
        near.put("lat", 30.6001);
        near.put("lon", 104.0001);
        schoolCamera = register(near);
        Map<String, Object> box = SmallCounty.device(SCHOOL, "ONE_KEY_ALARM", "134", 705, "box-user", "box-pw", null);
        box.put("lat", 30.6);
        box.put("lon", 104.0);
        alarmBox = register(box);
        Map<String, Object> face = SmallCounty.device(SmallCounty.VILLAGE_1_1, "FACE_RECOGNIZER", "139", 706, "f",
                "face-pw", null);
        face.put("lat", 30.6);
        face.put("lon", 104.0);
        faceRecognizer = register(face);
        for (String[] op : new String[][] {{"village11-sup", SmallCounty.VILLAGE_1_1, "SUPERVISOR"},
                {"town1-sup", SmallCounty.TOWNSHIP_1, "SUPERVISOR"}, {"lockme", SmallCounty.VILLAGE_1_1, "OPERATOR"}}) {
            assertThat(admin.post("/api/v1/operators", Map.of("username", op[0], "password", SmallCounty.PASSWORD,
                    "center", op[1], "role", op[2])).status()).isEqualTo(201);
        }
    }

    private static Map<String, Object> ptz(String region, int serial) {
        Map<String, Object> point = SmallCounty.camera(region, serial);
        String code = (String) point.get("code");
        point.put("type", "PTZ_CAMERA");
        point.put("streamUrl", "rtsp://127.0.0.1:" + CAMERAS.port() + "/" + code);
        return point;
    }

    private static String register(Map<String, Object> point) {
        ApiClient.Reply reply = HUB.admin().post("/api/v1/points", point);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return (String) point.get("code");
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(WebSocket::abort);
    }

    /** Text frames of a WebSocket, as they arrive. */
    private List<JsonNode> listen(String path, ApiClient as) throws Exception {
        List<JsonNode> messages = new CopyOnWriteArrayList<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(as.base()
                .replace("http://", "ws://") + path + "?token=" + as.token()), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                messages.add(JSON.readTree(text.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        sockets.add(socket);
        return messages;
    }

    private static long mainWall(ApiClient as) {
        ApiClient.Reply walls = as.get("/api/v1/walls");
        assertThat(walls.status()).as(walls.text()).isEqualTo(200);
        return walls.json().get(0).get("id").asLong();
    }

    @Test
    void locksAnAccountAfterFiveFailedLoginsUntilANewPasswordIsSet() {
        ApiClient anonymous = HUB.hub().anonymous();
        for (int i = 0; i < 5; i++) {
            assertThat(anonymous.post("/api/v1/auth/login", Map.of("username", "lockme", "password", "wrong-pw"))
                    .status()).isEqualTo(401);
        }
        ApiClient.Reply locked = anonymous.post("/api/v1/auth/login", Map.of("username", "lockme", "password",
                SmallCounty.PASSWORD));
        assertThat(locked.status()).isEqualTo(423);
        assertThat(locked.json().get("detail").asText()).contains("locked");
        assertThat(HUB.admin().put("/api/v1/operators/lockme/password", Map.of("password", "a-new-password-1"))
                .status()).isEqualTo(204);
        assertThat(anonymous.post("/api/v1/auth/login", Map.of("username", "lockme", "password",
                "a-new-password-1")).status()).isEqualTo(200);
        JsonNode audit = HUB.admin().get("/api/v1/audit?action=LOCKED_OUT").json();
        assertThat(audit.get("items").findValuesAsText("target")).contains("lockme");
    }

    @Test
    void logoutRevokesTheTokenForApiStreamsAndSockets() throws Exception {
        ApiClient op = HUB.as("village11-op");
        assertThat(op.get("/api/v1/walls").status()).isEqualTo(200);
        assertThat(op.post("/api/v1/auth/logout", Map.of()).status()).isEqualTo(204);
        assertThat(op.get("/api/v1/walls").status()).isEqualTo(401);
        assertThat(new ApiClient(op.base(), "forged-" + op.token()).get("/api/v1/centers").status()).isEqualTo(401);
        HttpClient http = HttpClient.newHttpClient();
        var flv = http.send(java.net.http.HttpRequest.newBuilder(URI.create(op.base() + "/live/" + village11Camera
                + ".flv?token=" + op.token())).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(flv.statusCode()).isEqualTo(401);
    }

    @Test
    void showsEachCenterOnlyItsOwnCentersAndWalls() throws Exception {
        ApiClient town1 = HUB.as("town1-op");
        JsonNode centers = town1.get("/api/v1/centers").json();
        assertThat(centers.findValuesAsText("code")).contains(SmallCounty.TOWNSHIP_1, SmallCounty.VILLAGE_1_1)
                .doesNotContain(SmallCounty.COUNTY, SmallCounty.TOWNSHIP_2, SmallCounty.VILLAGE_2_1);
        assertThat(town1.get("/api/v1/centers/" + SmallCounty.TOWNSHIP_2).status()).isEqualTo(404);
        long town2Wall = mainWall(HUB.as("town2-op"));
        assertThat(town1.get("/api/v1/walls/" + town2Wall).status()).isEqualTo(404);
        assertThat(town1.put("/api/v1/walls/" + town2Wall + "/layout", Map.of("layout", 9)).status()).isEqualTo(404);
        assertThat(town1.get("/api/v1/walls/999999").status()).isEqualTo(404);
        assertThat(refusedSocket("/api/v1/walls/" + town2Wall + "/live", town1.token())).isEqualTo(404);
        assertThat(refusedSocket("/api/v1/walls/" + mainWall(town1) + "/live", "forged")).isEqualTo(401);
        assertThat(refusedSocket("/api/v1/dispatch/live", null)).isEqualTo(401);
        assertThat(HUB.as("town1-installer").put("/api/v1/walls/" + mainWall(town1) + "/layout",
                Map.of("layout", 9)).status()).isEqualTo(403);
    }

    @Test
    void aCenterAddedLaterHasItsWallFromItsFirstRequest() {
        ApiClient admin = HUB.admin();
        assertThat(admin.post("/api/v1/regions", new HashMap<>(Map.of("code", "510122002009", "name", "新村",
                "kind", "VILLAGE", "parent", SmallCounty.TOWNSHIP_2))).status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/operators", Map.of("username", "newvillage-op", "password",
                SmallCounty.PASSWORD, "center", "510122002009")).status()).isEqualTo(201);
        ApiClient.Reply walls = HUB.as("newvillage-op").get("/api/v1/walls");
        assertThat(walls.status()).as(walls.text()).isEqualTo(200);
        assertThat(walls.json().get(0).get("center").asText()).isEqualTo("510122002009");
    }

    @Test
    void sendsEveryWallChangeToItsWatchersAtOnce() throws Exception {
        ApiClient village = HUB.as("village11-op");
        long wall = mainWall(village);
        List<JsonNode> watched = listen("/api/v1/walls/" + wall + "/live", HUB.as("village11-sup"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !watched.isEmpty());
        assertThat(village.put("/api/v1/walls/" + wall + "/layout", Map.of("layout", 6)).status()).isEqualTo(200);
        ApiClient.Reply tile = village.put("/api/v1/walls/" + wall + "/tiles/2", Map.of("pointCode",
                village11Camera));
        assertThat(tile.status()).as(tile.text()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> watched.stream().anyMatch(m ->
                village11Camera.equals(m.at("/wall/tiles/1/pointCode").asText())
                        && m.at("/wall/layout").asInt() == 6));
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/3", Map.of("pointCode", town2Camera)).status())
                .as("a camera of another township").isEqualTo(404);
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/7", Map.of("pointCode", village11Camera))
                .status()).as("beyond the layout").isEqualTo(400);
        assertThat(village.put("/api/v1/walls/" + wall + "/layout", Map.of("layout", 5)).status()).isEqualTo(400);
    }

    /** #17: a county's wall of screens shows 25 tiles (5 × 5); more is refused. */
    @Test
    void aWallTakesTwentyFiveTiles() {
        ApiClient village = HUB.as("village11-op");
        ApiClient.Reply created = village.post("/api/v1/walls", Map.of("name", "大屏", "layout", 25));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("tiles").size()).isEqualTo(25);
        long wall = created.json().get("id").asLong();
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/25", Map.of("pointCode", village11Camera))
                .status()).isEqualTo(200);
        assertThat(village.put("/api/v1/walls/" + wall + "/layout", Map.of("layout", 36)).json().get("detail")
                .asText()).contains("16 or 25");
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/26", Map.of("pointCode", village11Camera))
                .status()).isEqualTo(400);
    }

    @Test
    void cyclesATourTileThroughItsPoints() throws Exception {
        ApiClient town1 = HUB.as("town1-op");
        long wall = mainWall(town1);
        List<JsonNode> watched = listen("/api/v1/walls/" + wall + "/live", town1);
        ApiClient.Reply tour = town1.put("/api/v1/walls/" + wall + "/tiles/4", Map.of("tour", Map.of("points",
                List.of(village11Camera, schoolCamera), "seconds", 5)));
        assertThat(tour.status()).as(tour.text()).isEqualTo(200);
        assertThat(tour.json().at("/tiles/3/pointCode").asText()).isEqualTo(village11Camera);
        await().atMost(Duration.ofSeconds(15)).until(() -> watched.stream().anyMatch(m ->
                schoolCamera.equals(m.at("/wall/tiles/3/pointCode").asText())));
        assertThat(town1.put("/api/v1/walls/" + wall + "/tiles/4", Map.of("tour", Map.of("points",
                List.of(village11Camera, town2Camera), "seconds", 5))).status()).isEqualTo(404);
        assertThat(town1.put("/api/v1/walls/" + wall + "/tiles/4", Map.of("tour", Map.of("points",
                List.of(village11Camera, schoolCamera), "seconds", 1))).status()).isEqualTo(400);
    }

    @Test
    void pushingDownGrantsTheLowerCenterThePointWhileItIsOnItsWall() throws Exception {
        ApiClient county = HUB.as("county-op");
        ApiClient village = HUB.as("village11-op");
        assertThat(village.get("/api/v1/points/" + town2Camera).status()).isEqualTo(404);
        List<JsonNode> notices = listen("/api/v1/dispatch/live", village);
        ApiClient.Reply push = county.post("/api/v1/dispatch/push", Map.of("pointCode", town2Camera, "toCenter",
                SmallCounty.VILLAGE_1_1, "tile", 1));
        assertThat(push.status()).as(push.text()).isEqualTo(200);
        assertThat(push.json().at("/wall/tiles/0/pushedBy").asText()).isEqualTo(SmallCounty.COUNTY);
        await().atMost(Duration.ofSeconds(5)).until(() -> notices.stream().anyMatch(n -> "push".equals(
                n.path("type").asText()) && town2Camera.equals(n.path("pointCode").asText())));
        assertThat(village.get("/api/v1/points/" + town2Camera).status()).isEqualTo(200);
        assertThat(village.get("/api/v1/dispatch/pushed").json().has(town2Camera)).isTrue();
        assertThat(HUB.as("village11-op").post("/api/v1/dispatch/push", Map.of("pointCode", town2Camera,
                "toCenter", "510122001002")).status()).as("a pushed point is not passed on").isEqualTo(404);

        long wall = push.json().at("/wall/id").asLong();
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/1", Map.of()).status()).isEqualTo(200);
        assertThat(village.get("/api/v1/points/" + town2Camera).status()).as("the grant ends with the tile")
                .isEqualTo(404);
    }

    @Test
    void refusesPushesOutsideTheSubtreeAndUpwards() {
        ApiClient town1 = HUB.as("town1-op");
        assertThat(town1.post("/api/v1/dispatch/push", Map.of("pointCode", village11Camera, "toCenter",
                SmallCounty.VILLAGE_2_1)).status()).as("a village of another township").isEqualTo(404);
        assertThat(town1.post("/api/v1/dispatch/push", Map.of("pointCode", town2Camera, "toCenter",
                SmallCounty.VILLAGE_1_1)).status()).as("a camera outside its region").isEqualTo(404);
        assertThat(HUB.as("village11-op").post("/api/v1/dispatch/push", Map.of("pointCode", village11Camera,
                "toCenter", SmallCounty.TOWNSHIP_1)).status()).as("upwards").isEqualTo(404);
        assertThat(HUB.as("town1-installer").post("/api/v1/dispatch/push", Map.of("pointCode", village11Camera,
                "toCenter", SmallCounty.VILLAGE_1_1)).status()).as("an installer").isEqualTo(403);
        assertThat(town1.post("/api/v1/dispatch/push", Map.of("toCenter", SmallCounty.VILLAGE_1_1)).status())
                .isEqualTo(400);
    }

    @Test
    void sharesAPointUpToTheParentCenterOnly() {
        ApiClient.Reply share = HUB.as("village11-op").post("/api/v1/dispatch/share-up", Map.of("pointCode",
                village11Camera, "note", "路口拥堵"));
        assertThat(share.status()).as(share.text()).isEqualTo(201);
        assertThat(HUB.as("town1-op").get("/api/v1/dispatch/shared").json().findValuesAsText("pointCode"))
                .contains(village11Camera);
        assertThat(HUB.as("county-op").get("/api/v1/dispatch/shared").json().findValuesAsText("pointCode"))
                .doesNotContain(village11Camera);
        assertThat(HUB.as("village11-op").post("/api/v1/dispatch/share-up", Map.of("pointCode", town2Camera))
                .status()).isEqualTo(404);
        assertThat(HUB.as("county-op").post("/api/v1/dispatch/share-up", Map.of("pointCode", town2Camera))
                .status()).as("nothing above the county").isEqualTo(400);
    }

    @Test
    void ptzLockGoesToTheHigherTierAtOnceAndLapsesWhenIdle() throws Exception {
        ApiClient village = HUB.as("village11-op");
        ApiClient town1 = HUB.as("town1-op");
        PtzPositionProbe camera = new PtzPositionProbe(ptzCamera);
        ApiClient.Reply moved = village.post("/api/v1/points/" + ptzCamera + "/ptz", Map.of("action", "right",
                "speed", 1.0));
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        assertThat(camera.pan()).isEqualTo(30);

        List<JsonNode> notices = listen("/api/v1/dispatch/live", village);
        assertThat(town1.post("/api/v1/points/" + ptzCamera + "/ptz", Map.of("action", "zoomIn", "speed", 0.0))
                .status()).isEqualTo(200);
        assertThat(camera.zoom()).isEqualTo(1.5);
        await().atMost(Duration.ofSeconds(5)).until(() -> notices.stream().anyMatch(n -> "ptz".equals(
                n.path("type").asText()) && "town1-op".equals(n.path("by").asText())));

        ApiClient.Reply refused = village.post("/api/v1/points/" + ptzCamera + "/ptz", Map.of("action", "left"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().at("/holder/username").asText()).isEqualTo("town1-op");
        assertThat(camera.pan()).as("a refused command never reaches the camera").isEqualTo(30);
        assertThat(HUB.as("town2-op").post("/api/v1/points/" + ptzCamera + "/ptz", Map.of("action", "left"))
                .status()).as("another township's camera").isEqualTo(404);
        assertThat(village.post("/api/v1/points/" + village11Camera + "/ptz", Map.of("action", "left")).status())
                .as("not a PTZ camera").isEqualTo(400);
        assertThat(village.post("/api/v1/points/" + ptzCamera + "/ptz", Map.of("action", "spin")).status())
                .isEqualTo(400);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> village.post(
                "/api/v1/points/" + ptzCamera + "/ptz", Map.of("action", "stop")).status() == 200);
        JsonNode audit = HUB.as("town1-sup").get("/api/v1/audit?action=PTZ_TAKEN_OVER").json();
        assertThat(audit.get("items").findValuesAsText("target")).contains(ptzCamera);
    }

    @Test
    void theCamerasPictureShowsItsNewPositionAfterAMove() throws Exception {
        ApiClient village = HUB.as("village11-op");
        int before = ptzFigures(village);
        int control = Math.abs(ptzFigures(village) - before);
        for (int i = 0; i < 3; i++) {
            assertThat(village.post("/api/v1/points/" + pictureCamera + "/ptz", Map.of("action", "right", "speed",
                    1.0)).status()).isEqualTo(200);
        }
        assertThat(CAMERAS.server().ptz(pictureCamera).pan()).isEqualTo(90);
        await().atMost(Duration.ofSeconds(10)).until(() -> Math.abs(ptzFigures(village) - before) > control + 10);
    }

    /** How many pixels of the snapshot's bottom band are the bright green of the simulator's PTZ figures. */
    private static int ptzFigures(ApiClient as) throws Exception {
        var snapshot = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(as.base()
                + "/api/v1/points/" + pictureCamera + "/snapshot?token=" + as.token())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(snapshot.statusCode()).isEqualTo(200);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                snapshot.body()));
        int green = 0;
        for (int y = image.getHeight() * 3 / 4; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 8) & 0xFF) > 160 && ((rgb >> 16) & 0xFF) < 110 && (rgb & 0xFF) < 110) {
                    green++;
                }
            }
        }
        return green;
    }

    /** The camera simulator's PTZ position of one camera. */
    private record PtzPositionProbe(String code) {
        int pan() {
            return CAMERAS.server().ptz(code).pan();
        }

        double zoom() {
            return CAMERAS.server().ptz(code).zoom();
        }
    }

    @Test
    void oneKeyAlarmOpensLinkedCamerasEscalatesUnacknowledgedAndIsAudited() throws Exception {
        ApiClient village = HUB.as("village11-op");
        ApiClient town1 = HUB.as("town1-op");
        ApiClient county = HUB.as("county-op");
        long villageWall = mainWall(village);
        long countyWall = mainWall(county);
        List<JsonNode> villageWallMessages = listen("/api/v1/walls/" + villageWall + "/live", village);
        List<JsonNode> countyWallMessages = listen("/api/v1/walls/" + countyWall + "/live", county);
        List<JsonNode> townNotices = listen("/api/v1/dispatch/live", town1);
        // Start from walls without the school's camera, whatever other tests left on them.
        assertThat(village.put("/api/v1/walls/" + villageWall + "/tiles/1", Map.of()).status()).isEqualTo(200);
        assertThat(county.put("/api/v1/walls/" + countyWall + "/tiles/1", Map.of()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> villageWallMessages.stream().anyMatch(m ->
                m.at("/wall/tiles/0/pointCode").isNull()) && countyWallMessages.stream().anyMatch(m ->
                        m.at("/wall/tiles/0/pointCode").isNull()));

        SimulatedDevice box = new SimulatedDevice(alarmBox, Dialect.ALARM_JSON, alarmBox, "box-pw");
        long sent;
        try (DevicePublisher publisher = new DevicePublisher("tcp://127.0.0.1:" + HUB.hub().hub().broker().port(),
                7)) {
            // A fault report first, so the measured time holds no broker login.
            publisher.alarm(box, "warm-up", "FAULT");
            sent = System.nanoTime();
            publisher.alarm(box, "sos-scenario", "SOS");
        }
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> villageWallMessages
                .stream().anyMatch(m -> schoolCamera.equals(m.at("/wall/tiles/0/pointCode").asText())));
        double wallMillis = (System.nanoTime() - sent) / 1e6;
        System.out.printf("alarm publish -> village wall update: %.1f ms%n", wallMillis);
        await().atMost(Duration.ofSeconds(5)).until(() -> townNotices.stream().anyMatch(n -> "raised".equals(
                n.path("event").asText())));
        JsonNode raised = townNotices.stream().filter(n -> "raised".equals(n.path("event").asText())).findFirst()
                .orElseThrow().get("alarm");
        String id = raised.get("id").asText();
        assertThat(raised.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(JSON.convertValue(raised.get("centers"), List.class)).containsExactly(SmallCounty.VILLAGE_1_1,
                SmallCounty.TOWNSHIP_1);
        assertThat(JSON.convertValue(raised.get("linkedPoints"), List.class)).containsExactly(schoolCamera);
        assertThat(village.get("/api/v1/alarms?state=OPEN").json().get("items").findValuesAsText("id")).contains(id);
        assertThat(county.get("/api/v1/alarms").json().get("items").findValuesAsText("id"))
                .as("not raised at the county yet").doesNotContain(id);
        assertThat(HUB.as("town2-op").get("/api/v1/alarms/" + id).status()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(15)).until(() -> countyWallMessages.stream().anyMatch(m ->
                schoolCamera.equals(m.at("/wall/tiles/0/pointCode").asText())));
        assertThat(county.get("/api/v1/alarms?state=OPEN").json().get("items").findValuesAsText("id")).contains(id);

        ApiClient.Reply ack = county.post("/api/v1/alarms/" + id + "/ack", Map.of("comment", "已派警"));
        assertThat(ack.status()).as(ack.text()).isEqualTo(200);
        assertThat(ack.json().at("/alarm/state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(village.post("/api/v1/alarms/" + id + "/ack", Map.of()).status()).isEqualTo(409);
        assertThat(HUB.as("town1-installer").post("/api/v1/alarms/" + id + "/comment", Map.of("text", "x")).status())
                .isEqualTo(403);
        assertThat(village.post("/api/v1/alarms/" + id + "/close", Map.of("comment", "误报排除")).status())
                .isEqualTo(200);

        JsonNode audit = HUB.as("town1-sup").get("/api/v1/audit?size=1000").json();
        assertThat(audit.get("items").findValuesAsText("action")).contains("ALARM_RAISED", "ALARM_ESCALATED",
                "ALARM_ACK", "ALARM_CLOSED");
        assertThat(HUB.as("village11-op").get("/api/v1/audit").status()).as("operators do not read the audit")
                .isEqualTo(403);
        JsonNode town2Audit = HUB.admin().get("/api/v1/audit?size=1000").json();
        assertThat(town2Audit.get("total").asLong()).isGreaterThan(audit.get("total").asLong());
    }

    @Test
    void aDrillIsShownAsADrillARepeatJoinsTheOpenAlarmAndACancelClosesIt() throws Exception {
        SimulatedDevice box = new SimulatedDevice(alarmBox, Dialect.ALARM_JSON, alarmBox, "box-pw");
        ApiClient village = HUB.as("village11-op");
        try (DevicePublisher publisher = new DevicePublisher("tcp://127.0.0.1:" + HUB.hub().hub().broker().port(),
                8)) {
            publisher.alarm(box, "drill-1", "TEST");
            await().atMost(Duration.ofSeconds(5)).until(() -> village.get("/api/v1/alarms?size=500").json()
                    .get("items").findValues("drill").stream().anyMatch(JsonNode::asBoolean));
            publisher.alarm(box, "drill-2", "TEST");
            await().atMost(Duration.ofSeconds(5)).until(() -> village.get("/api/v1/alarms?state=OPEN&size=500").json()
                    .get("items").findValues("repeats").stream().anyMatch(r -> r.asInt() == 1));
            assertThat(village.get("/api/v1/alarms?state=OPEN&size=500").json().get("items").findValues("drill")
                    .stream().filter(JsonNode::asBoolean).count()).as("one drill alarm, pressed twice").isEqualTo(1);
            publisher.alarm(box, "cancel-me", "SOS");
            await().atMost(Duration.ofSeconds(5)).until(() -> village.get("/api/v1/alarms?state=OPEN&size=500")
                    .json().get("items").findValues("drill").stream().anyMatch(d -> !d.asBoolean()));
            publisher.alarm(box, "cancel-me", "CANCEL");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> village.get("/api/v1/alarms?state=CLOSED&size=500")
                .json().get("items").findValues("cancelled").stream().anyMatch(JsonNode::asBoolean));
        assertThat(village.get("/api/v1/alarms?state=OPEN&size=500").json().get("items").findValues("drill")
                .stream().filter(d -> !d.asBoolean()).count()).isZero();
    }

    @Test
    void opensTheConfiguredCamerasOfAnAlarmPointInsteadOfTheNearest() throws Exception {
        ApiClient town1Sup = HUB.as("town1-sup");
        assertThat(HUB.as("village11-op").put("/api/v1/points/" + faceRecognizer + "/links", Map.of("cameras",
                List.of(village11Camera))).status()).as("operators do not configure links").isEqualTo(403);
        assertThat(town1Sup.put("/api/v1/points/" + faceRecognizer + "/links", Map.of("cameras",
                List.of(town2Camera))).status()).as("a camera outside the region").isEqualTo(400);
        assertThat(town1Sup.put("/api/v1/points/" + faceRecognizer + "/links", Map.of("cameras",
                List.of(alarmBox))).status()).as("not a camera").isEqualTo(400);
        ApiClient.Reply linked = town1Sup.put("/api/v1/points/" + faceRecognizer + "/links", Map.of("cameras",
                List.of(village11Camera, ptzCamera)));
        assertThat(linked.status()).as(linked.text()).isEqualTo(200);
        assertThat(town1Sup.get("/api/v1/points/" + faceRecognizer + "/links").json().get("cameras").size())
                .isEqualTo(2);

        // A watch-list hit with its face picture, pushed over HTTP as GA/T 1400 devices do.
        String jpeg = java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3,
                (byte) 0xFF, (byte) 0xD9});
        String body = "{\"FaceListObject\":{\"FaceObject\":[{\"FaceID\":\"wl-1\",\"DeviceID\":\""
                + faceRecognizer + "\",\"FaceAppearTime\":\"20261123080300\",\"SimilarityDegree\":0.95,"
                + "\"DispositionID\":\"watchlist-01\",\"SubImageList\":{\"SubImageInfoObject\":[{\"ImageID\":"
                + "\"i1\",\"Type\":\"11\",\"FileFormat\":\"Jpeg\",\"Data\":\"" + jpeg + "\"}]}}]}}";
        List<JsonNode> notices = listen("/api/v1/dispatch/live", HUB.as("town1-op"));
        var push = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(
                HUB.hub().base() + "/VIID/Faces")).header("Content-Type", "application/json").header(
                        "Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((faceRecognizer
                                + ":face-pw").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(push.statusCode()).as(push.body()).isLessThan(300);
        await().atMost(Duration.ofSeconds(5)).until(() -> notices.stream().anyMatch(n -> "FACE_MATCH".equals(
                n.at("/alarm/kind").asText())));
        JsonNode alarm = notices.stream().filter(n -> "FACE_MATCH".equals(n.at("/alarm/kind").asText()))
                .findFirst().orElseThrow().get("alarm");
        assertThat(JSON.convertValue(alarm.get("linkedPoints"), List.class)).containsExactly(village11Camera,
                ptzCamera);
        assertThat(alarm.get("snapshot").asText()).isNotBlank();
        assertThat(alarm.get("detail").asText()).contains("watchlist-01");
        assertThat(JSON.convertValue(alarm.get("centers"), List.class)).containsExactly(SmallCounty.VILLAGE_1_1,
                SmallCounty.TOWNSHIP_1);
    }

    @Test
    void streamsAPushedPointOnlyWhileItIsPushed() throws Exception {
        ApiClient village = HUB.as("village11-op");
        HttpClient http = HttpClient.newHttpClient();
        URI flv = URI.create(village.base() + "/live/" + town2Camera + ".flv?token=" + village.token());
        assertThat(status(http, flv)).isEqualTo(404);
        ApiClient.Reply push = HUB.as("county-op").post("/api/v1/dispatch/push", Map.of("pointCode", town2Camera,
                "toCenter", SmallCounty.VILLAGE_1_1));
        assertThat(push.status()).as(push.text()).isEqualTo(200);
        assertThat(status(http, flv)).isEqualTo(200);
        assertThat(village.get("/api/v1/points/" + town2Camera + "/snapshot").status()).isEqualTo(200);
        int tile = push.json().get("tile").asInt();
        long wall = push.json().at("/wall/id").asLong();
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/" + tile, Map.of()).status()).isEqualTo(200);
        assertThat(status(http, flv)).isEqualTo(404);
        assertThat(status(http, URI.create(village.base() + "/live/" + town2Camera + ".flv?token="
                + HUB.as("town2-op").token().substring(1)))).as("a forged token").isEqualTo(401);
    }

    @Test
    void showsTheEventsOfAPushedPointWhileItIsPushed() throws Exception {
        Map<String, Object> gateBody = SmallCounty.device(SmallCounty.TOWNSHIP_2, "BARRIER_GATE", "141", 708, "g",
                "gate-pw", null);
        String gate = register(gateBody);
        ApiClient village = HUB.as("village11-op");
        assertThat(village.get("/api/v1/events?point=" + gate).status()).isEqualTo(404);
        ApiClient.Reply push = HUB.as("county-op").post("/api/v1/dispatch/push", Map.of("pointCode", gate,
                "toCenter", SmallCounty.VILLAGE_1_1));
        assertThat(push.status()).as(push.text()).isEqualTo(200);
        List<JsonNode> live = listen("/api/v1/events/live", village);
        try (DevicePublisher publisher = new DevicePublisher("tcp://127.0.0.1:" + HUB.hub().hub().broker().port(),
                9)) {
            publisher.event(new SimulatedDevice(gate, Dialect.GATE_JSON, gate, "gate-pw"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> live.stream().anyMatch(e -> gate.equals(
                e.path("pointCode").asText())));
        JsonNode events = village.get("/api/v1/events?point=" + gate).json();
        assertThat(events.get("total").asLong()).isEqualTo(1);
        assertThat(HUB.as("village11-op").get("/api/v1/events?point=" + town2Camera).status()).isEqualTo(404);
        long wall = push.json().at("/wall/id").asLong();
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/" + push.json().get("tile").asInt(), Map.of())
                .status()).isEqualTo(200);
        assertThat(village.get("/api/v1/events?point=" + gate).status()).isEqualTo(404);
    }

    /** The HTTP status a WebSocket upgrade is refused with. */
    private static int refusedSocket(String path, String token) throws Exception {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(HUB.hub().base().replace("http://",
                    "ws://") + path + (token == null ? "" : "?token=" + token)), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS).abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** The status of a stream request; the stream itself is not read. */
    private static int status(HttpClient http, URI url) throws Exception {
        var response = http.send(java.net.http.HttpRequest.newBuilder(url).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }
}

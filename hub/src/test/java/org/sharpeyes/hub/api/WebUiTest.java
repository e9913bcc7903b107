package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.Chromium;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.SmallCounty;

/**
 * #17: the web UI the hub serves at {@code /}: its files with types, validators, gzip and a strict policy; and, in
 * headless Chromium, a village operator who logs in, sees only the village, and puts a camera on the wall to play.
 */
class WebUiTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    static final String SCHOOL = SmallCounty.VILLAGE_1_1 + "901";
    static String villageCamera;
    static String townCamera;
    static String schoolCamera;
    static String alarmBox;
    static String ptzCamera;
    static String gate;
    static String townshipCamera;
    static Chromium chromium;

    @BeforeAll
    static void points() throws Exception {
        villageCamera = CAMERAS.register(SmallCounty.VILLAGE_1_1, 901, null);
        townCamera = CAMERAS.register(SmallCounty.TOWNSHIP_2, 902, null);
        assertThat(HUB.admin().post("/api/v1/regions", java.util.Map.of("code", SCHOOL, "name", "红星小学", "kind",
                "SCHOOL", "parent", SmallCounty.VILLAGE_1_1)).status()).isEqualTo(201);
        java.util.Map<String, Object> near = SmallCounty.camera(SCHOOL, 903);
        near.put("streamUrl", "rtsp://127.0.0.1:" + CAMERAS.port() + "/" + near.get("code"));
        near.put("lat", 30.6001);
        near.put("lon", 104.0001);
        schoolCamera = HUB.register(near);
        java.util.Map<String, Object> box = SmallCounty.device(SCHOOL, "ONE_KEY_ALARM", "134", 904, "box", "box-pw",
                null);
        box.put("lat", 30.6);
        box.put("lon", 104.0);
        alarmBox = HUB.register(box);
        java.util.Map<String, Object> ptz = SmallCounty.camera(SmallCounty.VILLAGE_1_1, 905);
        ptz.put("type", "PTZ_CAMERA");
        ptz.put("streamUrl", "rtsp://127.0.0.1:" + CAMERAS.port() + "/" + ptz.get("code"));
        ptzCamera = HUB.register(ptz);
        gate = HUB.register(SmallCounty.device(SmallCounty.TOWNSHIP_1, "BARRIER_GATE", "141", 906, "g", "gate-pw",
                null));
        townshipCamera = CAMERAS.register(SmallCounty.TOWNSHIP_1, 907, null);
    }

    @org.junit.jupiter.api.AfterEach
    void console() {
        if (chromium != null) {
            System.out.println("browser console: " + chromium.console());
        }
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(HUB.hub().base() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesItsFilesWithTypesValidatorsGzipAndAStrictPolicy() throws Exception {
        HttpResponse<byte[]> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'")
                .contains("script-src 'self'").doesNotContain("unsafe");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/", "If-None-Match", etag).statusCode()).isEqualTo(304);
        HttpResponse<byte[]> script = get("/assets/app.js", "Accept-Encoding", "gzip");
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(script.body()[0] & 0xff).isEqualTo(0x1f);
        long total = 0;
        for (String file : List.of("/", "/assets/app.js", "/assets/api.js", "/assets/i18n.js", "/assets/player.js",
                "/assets/alarms.js", "/assets/ptz.js", "/assets/events.js", "/assets/wall.js", "/assets/map.js",
                "/assets/dashboard.js", "/assets/installer.js", "/assets/admin.js", "/assets/alarmlist.js",
                "/assets/style.css")) {
            total += get(file, "Accept-Encoding", "gzip").body().length;
        }
        assertThat(total).as("the wall's first load, gzipped").isLessThan(1024 * 1024);
        assertThat(get("/assets/nothing.js").statusCode()).isEqualTo(404);
        assertThat(new String(get("/ui.json").body(), java.nio.charset.StandardCharsets.UTF_8))
                .as("the page learns the RTSP port it offers where the browser cannot decode a stream")
                .contains("\"rtspPort\":" + HUB.hub().hub().rtspPort()).contains("\"mapTiles\":\"\"");
    }

    @Test
    void aVillageOperatorLogsInSeesOnlyTheVillageAndPlaysACameraOnTheWall() throws Exception {
        Rtsp.assumeInstalled("chromedriver");
        ChromeDriver chrome = browser();
        loggedOut(chrome);
        shot(chrome, "login");
        chrome.findElement(By.id("username")).sendKeys("village11-op");
        chrome.findElement(By.id("password")).sendKeys("wrong-password");
        chrome.findElement(By.cssSelector("#login button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> chrome.findElement(By.id("login-error")).getText()
                .contains("用户名或密码错误"));
        chrome.findElement(By.id("password")).clear();
        chrome.findElement(By.id("password")).sendKeys(SmallCounty.PASSWORD);
        chrome.findElement(By.cssSelector("#login button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.id("center-name")).isEmpty());
        assertThat(chrome.findElement(By.id("center-name")).getText()).isEqualTo("红星村");
        assertThat(chrome.findElement(By.id("center-tier")).getText()).isEqualTo("村级");
        assertThat(chrome.findElement(By.id("region-tree")).getText()).contains("红星村").doesNotContain("东升街道")
                .doesNotContain("九江街道");
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(
                "#point-list li[data-code='" + villageCamera + "']")).isEmpty());
        assertThat(chrome.findElements(By.cssSelector("#point-list li[data-code='" + townCamera + "']"))).isEmpty();

        WebElement point = chrome.findElement(By.cssSelector("#point-list li[data-code='" + villageCamera + "']"));
        new Actions(chrome).doubleClick(point).perform();
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(
                "#wall .tile[data-point='" + villageCamera + "'] video")).isEmpty());
        String video = "document.querySelector(\"#wall .tile[data-point='" + villageCamera + "'] video\")";
        await().atMost(Duration.ofSeconds(20)).until(() -> ((Number) ((JavascriptExecutor) chrome).executeScript(
                "return " + video + ".currentTime")).doubleValue() > 1.0);
        double first = ((Number) chrome.executeScript("return " + video + ".currentTime")).doubleValue();
        long frames = ((Number) chrome.executeScript("return " + video
                + ".getVideoPlaybackQuality().totalVideoFrames")).longValue();
        await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) chrome.executeScript("return " + video
                + ".currentTime")).doubleValue() > first + 1.0);
        assertThat(frames).as("frames decoded").isPositive();
        double lag = ((Number) chrome.executeScript("const v = " + video + "; return v.buffered.end("
                + "v.buffered.length - 1) - v.currentTime")).doubleValue();
        assertThat(lag).as("seconds behind the newest buffered picture").isLessThan(1.0);
        shot(chrome, "wall-village");
        chrome.findElement(By.id("logout")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.id("login")).isEmpty());
    }

    @Test
    void aSchoolAlarmPopsUpOverTheWallWithItsCameraPlayingAndIsAcknowledgedThere() throws Exception {
        Rtsp.assumeInstalled("chromedriver");
        ChromeDriver chrome = browser();
        logIn(chrome, "village11-op");
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(
                "#alarms[data-live='true']")).isEmpty());
        try (org.sharpeyes.sim.device.DevicePublisher publisher = new org.sharpeyes.sim.device.DevicePublisher(
                "tcp://127.0.0.1:" + HUB.hub().hub().broker().port(), 17)) {
            publisher.alarm(new org.sharpeyes.sim.device.SimulatedDevice(alarmBox,
                    org.sharpeyes.sim.device.Dialect.ALARM_JSON, alarmBox, "box-pw"), "ui-sos", "SOS");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(
                "#alarms .alarm.critical[data-state='OPEN']")).isEmpty());
        assertThat(chrome.findElement(By.cssSelector("#alarms .alarm")).getText()).contains(alarmBox).contains("告警");
        String video = "document.querySelector(\"#wall .tile[data-point='" + schoolCamera + "'] video\")";
        await().atMost(Duration.ofSeconds(20)).until(() -> (Boolean) chrome.executeScript("const v = " + video
                + "; return v !== null && v.currentTime > 0.5"));
        shot(chrome, "alarm-popup");
        chrome.findElement(By.cssSelector("#alarms .alarm button.ack")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(
                "#alarms .alarm[data-state='ACKNOWLEDGED']")).isEmpty());
        assertThat(HUB.as("village11-op").get("/api/v1/alarms?state=ACKNOWLEDGED").json().get("items")
                .findValuesAsText("pointCode")).contains(alarmBox);
        chrome.findElement(By.cssSelector("#alarms .alarm button.close-alarm")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(
                "#alarms .alarm[data-state='CLOSED']")).isEmpty());
    }

    @Test
    void aPtzTileSteersTheCameraAndSaysWhoHoldsTheLockInWords() throws Exception {
        Rtsp.assumeInstalled("chromedriver");
        ChromeDriver chrome = browser();
        logIn(chrome, "village11-op");
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.id("wall")).isEmpty());
        long wall = HUB.as("village11-op").get("/api/v1/walls").json().get(0).get("id").asLong();
        assertThat(HUB.as("village11-op").put("/api/v1/walls/" + wall + "/tiles/4", java.util.Map.of("pointCode",
                ptzCamera)).status()).isEqualTo(200);
        String tile = "#wall .tile[data-point='" + ptzCamera + "']";
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(tile
                + " .ptz button.ptz-right")).isEmpty());
        assertThat(chrome.findElement(By.cssSelector(tile + " .caption .name")).getText()).isEqualTo("摄像机905");
        int before = CAMERAS.server().ptz(ptzCamera).pan();
        new Actions(chrome).clickAndHold(chrome.findElement(By.cssSelector(tile + " .ptz button.ptz-right")))
                .pause(Duration.ofMillis(300)).release().perform();
        await().atMost(Duration.ofSeconds(10)).until(() -> CAMERAS.server().ptz(ptzCamera).pan() != before);
        assertThat(HUB.as("town1-op").post("/api/v1/points/" + ptzCamera + "/ptz", java.util.Map.of("action",
                "zoomIn", "speed", 0.0)).status()).isEqualTo(200);
        new Actions(chrome).clickAndHold(chrome.findElement(By.cssSelector(tile + " .ptz button.ptz-left")))
                .pause(Duration.ofMillis(300)).release().perform();
        await().atMost(Duration.ofSeconds(10)).until(() -> chrome.findElement(By.cssSelector(tile
                + " .ptz-message")).getText().contains("town1-op"));
        assertThat(chrome.findElement(By.cssSelector(tile + " .ptz-message")).getText()).contains("云台正由")
                .contains("乡镇级");
        shot(chrome, "wall-ptz-held");
    }

    @Test
    void aGatePassArrivesInTheLiveFeedAndTheGateOpensFromIt() throws Exception {
        Rtsp.assumeInstalled("chromedriver");
        ChromeDriver chrome = browser();
        logIn(chrome, "town1-op");
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.id("tab-events")).isEmpty());
        chrome.findElement(By.id("tab-events")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> chrome.findElement(By.id("events")).isDisplayed());
        java.util.List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.eclipse.paho.client.mqttv3.MqttAsyncClient device = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(
                "tcp://127.0.0.1:" + HUB.hub().hub().broker().port(), gate,
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttConnectOptions options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        options.setUserName(gate);
        options.setPassword("gate-pw".toCharArray());
        device.connect(options).waitForCompletion(10_000);
        try {
            device.subscribe("devices/gate/" + gate + "/command", 1, (topic, message) -> commands.add(new String(
                    message.getPayload(), java.nio.charset.StandardCharsets.UTF_8))).waitForCompletion(10_000);
            org.eclipse.paho.client.mqttv3.MqttMessage pass = new org.eclipse.paho.client.mqttv3.MqttMessage(
                    ("{\"eventId\":\"ui-pass\",\"event\":\"PASS\",\"direction\":\"IN\",\"plate\":\"川A·88K21\","
                            + "\"plateColor\":\"blue\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            pass.setQos(1);
            device.publish("devices/gate/" + gate + "/event", pass).waitForCompletion(10_000);
            String row = "#event-rows tr[data-type='VEHICLE_PASS']";
            await().atMost(Duration.ofSeconds(10)).until(() -> chrome.findElements(By.cssSelector(row)).stream()
                    .anyMatch(r -> r.getText().contains("川A88K21")));
            WebElement live = chrome.findElements(By.cssSelector(row)).stream().filter(r -> r.getText()
                    .contains("川A88K21")).findFirst().orElseThrow();
            assertThat(live.getText()).contains("车辆通行").contains(gate);
            live.findElement(By.cssSelector("button.open-gate")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> !commands.isEmpty());
            assertThat(commands.get(0)).contains("OPEN");
            await().atMost(Duration.ofSeconds(5)).until(() -> live.findElement(By.cssSelector(".gate-result"))
                    .getText().contains("开闸指令已下发"));
            shot(chrome, "events");
            chrome.executeScript("document.getElementById('event-type').value = 'FACE_MATCH'");
            chrome.findElement(By.id("event-search")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> chrome.findElement(By.id("event-note")).getText()
                    .equals("共 0"));
        } finally {
            device.disconnect().waitForCompletion(5_000);
            device.close();
        }
    }

    @Test
    void aTownshipOperatorPushesACameraDownAndTheVillageWallShowsIt() throws Exception {
        ChromeDriver chrome = browser();
        ApiClient town = HUB.as("town1-op");
        long townWall = town.get("/api/v1/walls").json().get(0).get("id").asLong();
        logIn(chrome, "town1-op");
        assertThat(town.put("/api/v1/walls/" + townWall + "/tiles/1", Map.of("pointCode", townshipCamera)).status())
                .isEqualTo(200);
        String tile = "#wall .tile[data-point='" + townshipCamera + "']";
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(tile + " button.push"))
                .isEmpty());
        chrome.findElement(By.cssSelector(tile + " button.push")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(tile
                + " .push-center option[value='" + SmallCounty.VILLAGE_1_1 + "']")).isEmpty());
        assertThat(chrome.findElements(By.cssSelector(tile + " .push-center option")))
                .extracting(option -> option.getAttribute("value")).as("only centers below the township")
                .doesNotContain(SmallCounty.TOWNSHIP_1, SmallCounty.TOWNSHIP_2, SmallCounty.VILLAGE_2_1);
        chrome.executeScript("document.querySelector(\"" + tile + " .push-center\").value = '"
                + SmallCounty.VILLAGE_1_1 + "'");
        chrome.findElement(By.cssSelector(tile + " button.push-go")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> chrome.findElement(By.cssSelector(tile
                + " .tile-message")).getText().contains("已推送到"));
        shot(chrome, "wall-township-push");
        logIn(chrome, "village11-op");
        String video = "document.querySelector(\"#wall .tile[data-point='" + townshipCamera + "'] video\")";
        await().atMost(Duration.ofSeconds(20)).until(() -> (Boolean) chrome.executeScript("const v = " + video
                + "; return v !== null && v.currentTime > 0.5"));
        assertThat(chrome.findElements(By.cssSelector("#wall .tile[data-point='" + townshipCamera
                + "'] button.share"))).as("a village may share a camera up to its township").hasSize(1);
        shot(chrome, "wall-village-pushed");
        ApiClient village = HUB.as("village11-op");
        JsonNode wall = village.get("/api/v1/walls").json().get(0);
        for (JsonNode t : wall.get("tiles")) {
            if (townshipCamera.equals(t.path("pointCode").asText())) {
                village.put("/api/v1/walls/" + wall.get("id").asLong() + "/tiles/" + t.get("tile").asInt(), Map.of());
            }
        }
    }

    @Test
    void aWallOverTwoScreensShowsEachItsOwnRowsAndFollowsTheWall() throws Exception {
        ChromeDriver chrome = browser();
        ApiClient village = HUB.as("village11-op");
        JsonNode wall = village.get("/api/v1/walls").json().get(0);
        long id = wall.get("id").asLong();
        int layout = wall.get("layout").asInt();
        try {
            assertThat(village.put("/api/v1/walls/" + id + "/layout", Map.of("layout", 16)).status()).isEqualTo(200);
            logIn(chrome, "village11-op");
            chrome.get(HUB.hub().base() + "/#/wall/" + id + "?screen=2&of=2");
            await().atMost(Duration.ofSeconds(10)).until(() -> chrome.findElements(By.cssSelector("#wall .tile"))
                    .size() == 8);
            assertThat(chrome.findElements(By.cssSelector("#wall .tile"))).extracting(t -> t.getAttribute("data-tile"))
                    .containsExactly("9", "10", "11", "12", "13", "14", "15", "16");
            assertThat(chrome.findElements(By.id("region-tree"))).as("a wall screen shows only its tiles").isEmpty();
            assertThat(village.put("/api/v1/walls/" + id + "/tiles/12", Map.of("pointCode", villageCamera)).status())
                    .isEqualTo(200);
            String video = "document.querySelector(\"#wall .tile[data-tile='12'][data-point='" + villageCamera
                    + "'] video\")";
            await().atMost(Duration.ofSeconds(20)).until(() -> (Boolean) chrome.executeScript("const v = " + video
                    + "; return v !== null && v.currentTime > 0.5"));
            shot(chrome, "wall-screen-2-of-2");
            chrome.get(HUB.hub().base() + "/#/wall/" + id + "?screen=1&of=2");
            chrome.navigate().refresh();
            await().atMost(Duration.ofSeconds(10)).until(() -> chrome.findElements(By.cssSelector("#wall .tile"))
                    .size() == 8);
            assertThat(chrome.findElements(By.cssSelector("#wall .tile"))).extracting(t -> t.getAttribute("data-tile"))
                    .startsWith("1", "2").doesNotContain("12");
        } finally {
            village.put("/api/v1/walls/" + id + "/tiles/12", Map.of());
            village.put("/api/v1/walls/" + id + "/layout", Map.of("layout", layout));
        }
    }

    @Test
    void aTileToursTheCamerasOfThePointList() throws Exception {
        ChromeDriver chrome = browser();
        ApiClient village = HUB.as("village11-op");
        JsonNode wall = village.get("/api/v1/walls").json().get(0);
        long id = wall.get("id").asLong();
        int last = wall.get("layout").asInt();
        logIn(chrome, "village11-op");
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(
                "#point-list li[data-code='" + villageCamera + "']")).isEmpty());
        String tile = "#wall .tile[data-tile='" + last + "']";
        try {
            chrome.findElement(By.cssSelector(tile + " button.tour")).click();
            chrome.findElement(By.cssSelector(tile + " .tour-seconds")).clear();
            chrome.findElement(By.cssSelector(tile + " .tour-seconds")).sendKeys("5");
            chrome.findElement(By.cssSelector(tile + " button.tour-go")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(tile
                    + " .tour-tag")).isEmpty());
            String first = chrome.findElement(By.cssSelector(tile)).getAttribute("data-point");
            assertThat(chrome.findElement(By.cssSelector(tile + " .tour-tag")).getText()).startsWith("轮巡 1/");
            JsonNode tour = village.get("/api/v1/walls/" + id).json().get("tiles").get(last - 1).get("tour");
            assertThat(tour.get("seconds").asInt()).isEqualTo(5);
            assertThat(tour.get("points").size()).as("the village's cameras in the list").isGreaterThanOrEqualTo(2);
            // The tile is drawn anew at each step of the tour: read it afresh each time.
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> !first.equals(chrome.findElement(
                    By.cssSelector(tile)).getAttribute("data-point")) && chrome.findElement(By.cssSelector(tile
                    + " .tour-tag")).getText().startsWith("轮巡 2/"));
            shot(chrome, "wall-tour");
        } finally {
            village.put("/api/v1/walls/" + id + "/tiles/" + last, Map.of());
        }
    }

    @Test
    void theWallIsSavedAsALayoutAndRecalledFromThePage() throws Exception {
        ChromeDriver chrome = browser();
        ApiClient village = HUB.as("village11-op");
        long id = village.get("/api/v1/walls").json().get(0).get("id").asLong();
        try {
            assertThat(village.put("/api/v1/walls/" + id + "/tiles/1", Map.of("pointCode", villageCamera)).status())
                    .isEqualTo(200);
            logIn(chrome, "village11-op");
            await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.id("layout-name")).isEmpty());
            chrome.findElement(By.id("layout-name")).sendKeys("早班");
            chrome.findElement(By.id("layout-save")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(
                    "#saved-layouts option[value='早班']")).isEmpty());
            assertThat(village.put("/api/v1/walls/" + id + "/tiles/1", Map.of()).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> chrome.findElement(By.cssSelector(
                    "#wall .tile[data-tile='1']")).getAttribute("data-point").isEmpty());
            chrome.executeScript("document.getElementById('saved-layouts').value = '早班'");
            chrome.findElement(By.id("layout-recall")).click();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> villageCamera.equals(chrome
                    .findElement(By.cssSelector("#wall .tile[data-tile='1']")).getAttribute("data-point")));
            chrome.executeScript("const s = document.getElementById('point-type'); s.value = 'PTZ_CAMERA';"
                    + "s.dispatchEvent(new Event('change'))");
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> chrome.findElements(By.cssSelector(
                    "#point-list li[data-code]")).stream().map(li -> li.getAttribute("data-code")).toList()
                    .equals(List.of(ptzCamera)));
            shot(chrome, "wall-layouts");
        } finally {
            village.put("/api/v1/walls/" + id + "/tiles/1", Map.of());
            village.delete("/api/v1/walls/" + id + "/layouts/%E6%97%A9%E7%8F%AD");
        }
    }

    @Test
    void anInstallerImportsACsvSeesEachRefusedRowAndDownloadsThemToFix() throws Exception {
        ChromeDriver chrome = browser();
        String good = "51012201011320000908";
        Path csv = Files.createTempFile("points", ".csv");
        Files.writeString(csv, "code,name,type,region,source,lat,lon,streamUrl\n"
                + good + ",东升路口908,CAMERA," + SmallCounty.TOWNSHIP_1 + ",SHARP_EYES,30.61,104.01,"
                + "rtsp://127.0.0.1:1/908\n"
                + "51012201011320000909,坏类型909,TANK," + SmallCounty.TOWNSHIP_1 + ",SHARP_EYES,,,\n"
                + "51012202011320000910,别的街道910,CAMERA," + SmallCounty.TOWNSHIP_2 + ",SHARP_EYES,,,\n");
        try {
            logIn(chrome, "town1-installer");
            chromium.tab("installer", "installer");
            chrome.findElement(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
            chrome.findElement(By.id("import-run")).click();
            await().atMost(Duration.ofSeconds(20)).until(() -> !chrome.findElements(By.id("import-summary"))
                    .isEmpty());
            assertThat(chrome.findElement(By.id("import-summary")).getText()).contains("已导入 1 个点位")
                    .contains("2 行被拒绝");
            assertThat(chrome.findElements(By.cssSelector("#import-rejected tbody tr")))
                    .extracting(r -> r.getAttribute("data-line")).containsExactly("3", "4");
            assertThat(chrome.findElement(By.id("import-rejected")).getText()).contains("type").contains("region");
            assertThat(((Number) chrome.executeScript("return document.getElementById('import-progress').value"))
                    .doubleValue()).isEqualTo(1.0);
            String refused = (String) chrome.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch(document.getElementById('import-download').href).then(r => r.text()).then(done, "
                    + "e => done('could not read the download: ' + e))");
            assertThat(refused.lines().toList()).hasSize(3);
            assertThat(refused).startsWith("code,name,type,region,source,lat,lon,streamUrl,error")
                    .contains("坏类型909").contains("别的街道910").doesNotContain(good);
            ApiClient.Reply again = HUB.as("town1-installer").postRaw("/api/v1/points/import", "text/csv",
                    refused.replace("TANK", "CAMERA").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(again.json().get("imported").asInt()).as("the fixed row imports as downloaded: " + again.text())
                    .isEqualTo(1);
            assertThat(again.text()).contains("error");
            shot(chrome, "installer-import");

            chrome.findElement(By.cssSelector("#point-form input[name=code]")).sendKeys(good);
            chrome.findElement(By.id("point-load")).click();
            WebElement name = chrome.findElement(By.cssSelector("#point-form input[name=name]"));
            await().atMost(Duration.ofSeconds(10)).until(() -> "东升路口908".equals(name.getAttribute("value")));
            name.clear();
            name.sendKeys("东升路口908（改）");
            chrome.findElement(By.id("point-save")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> chrome.findElement(By.id("point-form-message"))
                    .getText().contains("已保存"));
            JsonNode edited = HUB.admin().get("/api/v1/points/" + good).json();
            assertThat(edited.get("name").asText()).isEqualTo("东升路口908（改）");
            assertThat(edited.get("streamUrl").asText()).as("an edit keeps what it did not change")
                    .isEqualTo("rtsp://127.0.0.1:1/908");
            assertThat(edited.get("lat").asDouble()).isEqualTo(30.61);
            shot(chrome, "installer-edit");
        } finally {
            HUB.admin().delete("/api/v1/points/" + good);
            HUB.admin().delete("/api/v1/points/51012201011320000909");
            Files.deleteIfExists(csv);
        }
    }

    @Test
    void theMapShowsTheVillagesPointsAndAClickPlaysTheCamera() throws Exception {
        ChromeDriver chrome = browser();
        logIn(chrome, "village11-op");
        chromium.tab("map", "map");
        int positioned = HUB.as("village11-op").get("/api/v1/points/map").json().get("points").size();
        assertThat(positioned).isGreaterThanOrEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> chrome.findElement(By.id("map-note")).getText()
                .startsWith(positioned + " "));
        WebElement canvas = chrome.findElement(By.id("map-canvas"));
        @SuppressWarnings("unchecked")
        List<List<Number>> spots = (List<List<Number>>) chrome.executeScript("const c = arguments[0];"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const found = [];"
                + "for (let y = 0; y < c.height; y += 2) for (let x = 0; x < c.width; x += 2) {"
                + " const i = (y * c.width + x) * 4; if (d[i + 3] === 255 && ((d[i] === 0x3f && d[i + 1] === 0xbf)"
                + " || (d[i] === 0xe0 && d[i + 1] === 0x52) || (d[i] === 0x8a && d[i + 1] === 0xa3))"
                + " && !found.some(([fx, fy]) => Math.abs(fx - x) < 8 && Math.abs(fy - y) < 8)) found.push([x, y]); }"
                + "return found.map(([x, y]) => [x - c.width / 2, y - c.height / 2]);", canvas);
        assertThat(spots).as("the village's points, some sharing a spot").isNotEmpty();
        boolean played = false;
        for (List<Number> spot : spots) {
            if (chrome.findElement(By.id("map-popup")).isDisplayed()) {
                chrome.findElement(By.cssSelector("#map-popup button.map-close")).click();
            }
            new Actions(chrome).moveToElement(canvas, spot.get(0).intValue() + 1, spot.get(1).intValue() + 1).click()
                    .perform();
            await().atMost(Duration.ofSeconds(10)).until(() -> chrome.findElement(By.id("map-popup")).isDisplayed());
            List<WebElement> pick = chrome.findElements(By.cssSelector("#map-popup button.map-pick[data-code='"
                    + schoolCamera + "']"));
            if (!pick.isEmpty()) {
                pick.get(0).click();
                await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(
                        "#map-popup video")).isEmpty());
            }
            if (!chrome.findElements(By.cssSelector("#map-popup video")).isEmpty()
                    && chrome.findElement(By.id("map-popup")).getText().contains(schoolCamera)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> (Boolean) chrome.executeScript(
                        "const v = document.querySelector('#map-popup video'); return v.currentTime > 0.5"));
                played = true;
                shot(chrome, "map-village-play");
                break;
            }
        }
        assertThat(played).as("one of the two points is the school's camera, and it plays").isTrue();
    }

    /** Logs in through the login page, whatever an earlier test left in the browser's storage. */
    private static void logIn(ChromeDriver chrome, String username) {
        chromium.logIn(HUB.hub().base(), username, SmallCounty.PASSWORD);
    }

    /** The login page, whatever an earlier test left in the browser's storage. */
    private static void loggedOut(ChromeDriver chrome) {
        chromium.loggedOut(HUB.hub().base());
    }

    private static ChromeDriver browser() throws Exception {
        if (chromium == null) {
            chromium = Chromium.start();
        }
        return chromium.driver();
    }

    private static void shot(ChromeDriver chrome, String name) throws Exception {
        chromium.shot(name);
    }
}

package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.sharpeyes.hub.testing.CameraExtension;
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
    private static final Path SHOTS = Path.of("target", "ui-screenshots");
    static final String SCHOOL = SmallCounty.VILLAGE_1_1 + "901";
    static String villageCamera;
    static String townCamera;
    static String schoolCamera;
    static String alarmBox;
    static String ptzCamera;
    static String gate;
    static ChromeDriver browser;

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
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.quit();
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
                "/assets/alarms.js", "/assets/ptz.js", "/assets/events.js", "/assets/style.css")) {
            total += get(file, "Accept-Encoding", "gzip").body().length;
        }
        assertThat(total).as("the wall's first load, gzipped").isLessThan(1024 * 1024);
        assertThat(get("/assets/nothing.js").statusCode()).isEqualTo(404);
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
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.id("alarms")).isEmpty());
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

    /** Logs in through the login page, whatever an earlier test left in the browser's storage. */
    private static void logIn(ChromeDriver chrome, String username) {
        loggedOut(chrome);
        chrome.findElement(By.id("username")).sendKeys(username);
        chrome.findElement(By.id("password")).sendKeys(SmallCounty.PASSWORD);
        chrome.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    /** The login page, whatever an earlier test left in the browser's storage. */
    private static void loggedOut(ChromeDriver chrome) {
        chrome.get(HUB.hub().base() + "/");
        chrome.executeScript("localStorage.clear()");
        chrome.get(HUB.hub().base() + "/");
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.id("login")).isEmpty());
    }

    private static ChromeDriver browser() throws Exception {
        if (browser == null) {
            Path profile = Files.createTempDirectory("chromium-profile");
            ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless",
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--autoplay-policy=no-user-gesture-required", "--window-size=1920,1080",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
            browser = new ChromeDriver(service, options);
        }
        return browser;
    }

    private static void shot(ChromeDriver chrome, String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), chrome.getScreenshotAs(OutputType.BYTES));
    }
}

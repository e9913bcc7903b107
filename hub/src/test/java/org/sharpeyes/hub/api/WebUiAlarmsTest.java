package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.Chromium;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;
import org.sharpeyes.sim.device.DevicePublisher;
import org.sharpeyes.sim.device.Dialect;
import org.sharpeyes.sim.device.SimulatedDevice;

/**
 * #17 in the browser, where the first UI tests stopped: a tile whose camera goes away and comes back plays again by
 * itself, an alarm nobody acknowledges pops up at the county as escalated, and the alarm list takes a comment.
 */
class WebUiAlarmsTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("--dispatch.escalateSeconds=3");
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    static final String SCHOOL = SmallCounty.VILLAGE_1_1 + "901";
    static final CameraSettings SETTINGS = new CameraSettings(320, 240, 25, 400_000, 25, null, null);
    static String schoolCamera;
    static String alarmBox;
    static Chromium chromium;

    @BeforeAll
    static void points() {
        assertThat(HUB.admin().post("/api/v1/regions", Map.of("code", SCHOOL, "name", "红星小学", "kind", "SCHOOL",
                "parent", SmallCounty.VILLAGE_1_1)).status()).isEqualTo(201);
        Map<String, Object> near = SmallCounty.camera(SCHOOL, 903);
        near.put("streamUrl", "rtsp://127.0.0.1:" + CAMERAS.port() + "/" + near.get("code"));
        near.put("lat", 30.6001);
        near.put("lon", 104.0001);
        schoolCamera = HUB.register(near);
        Map<String, Object> box = SmallCounty.device(SCHOOL, "ONE_KEY_ALARM", "134", 904, "box", "box-pw", null);
        box.put("lat", 30.6);
        box.put("lon", 104.0);
        alarmBox = HUB.register(box);
    }

    @AfterEach
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

    @Test
    void aTileWhoseCameraGoesAwaySaysSoAndPlaysAgainWhenItReturns() throws Exception {
        Rtsp.assumeInstalled("chromedriver");
        CameraServer camera = new CameraServer(SETTINGS);
        int port = camera.start("127.0.0.1", 0).getPort();
        Map<String, Object> point = SmallCounty.camera(SmallCounty.VILLAGE_1_1, 911);
        point.put("streamUrl", "rtsp://127.0.0.1:" + port + "/" + point.get("code"));
        String code = HUB.register(point);
        ChromeDriver chrome = browser();
        chromium.logIn(HUB.hub().base(), "village11-op", SmallCounty.PASSWORD);
        long wall = HUB.as("village11-op").get("/api/v1/walls").json().get(0).get("id").asLong();
        assertThat(HUB.as("village11-op").put("/api/v1/walls/" + wall + "/tiles/4", Map.of("pointCode", code))
                .status()).isEqualTo(200);
        String tile = "document.querySelector(\"#wall .tile[data-point='" + code + "']\")";
        String frames = "(() => { const v = " + tile + "?.querySelector('video'); return v ? v"
                + ".getVideoPlaybackQuality().totalVideoFrames : 0; })()";
        await().atMost(Duration.ofSeconds(20)).until(() -> number(chrome, frames) > 10);

        camera.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> (Boolean) chrome.executeScript("return " + tile
                + ".querySelector('.state').textContent === '信号中断，正在重连…'"));
        chromium.shot("tile-camera-lost");

        try (CameraServer back = new CameraServer(SETTINGS)) {
            back.start("127.0.0.1", port);
            await().atMost(Duration.ofSeconds(30)).until(() -> (Boolean) chrome.executeScript("return " + tile
                    + ".querySelector('.state').textContent === ''") && number(chrome, frames) > 10);
            long playing = number(chrome, frames);
            await().atMost(Duration.ofSeconds(30)).until(() -> number(chrome, frames) > playing + 10);
            chromium.shot("tile-camera-back");
        } finally {
            HUB.as("village11-op").put("/api/v1/walls/" + wall + "/tiles/4", Map.of());
        }
    }

    @Test
    void anAlarmNobodyAcknowledgesPopsUpAtTheCountyAsEscalated() throws Exception {
        Rtsp.assumeInstalled("chromedriver");
        ChromeDriver chrome = browser();
        chromium.logIn(HUB.hub().base(), "county-op", SmallCounty.PASSWORD);
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(
                "#alarms[data-live='true']")).isEmpty());
        press("esc-sos");
        await().atMost(Duration.ofSeconds(30)).until(() -> !chrome.findElements(By.cssSelector(
                "#alarms .alarm.critical[data-state='OPEN'] .escalated")).isEmpty());
        WebElement card = chrome.findElement(By.cssSelector("#alarms .alarm.critical[data-state='OPEN']"));
        assertThat(card.getText()).contains(alarmBox).contains("已上报县级");
        String video = "document.querySelector(\"#wall .tile[data-point='" + schoolCamera + "'] video\")";
        await().atMost(Duration.ofSeconds(20)).until(() -> (Boolean) chrome.executeScript("const v = " + video
                + "; return v !== null && v.currentTime > 0.5"));
        chromium.shot("alarm-escalated-county");
        card.findElement(By.cssSelector("button.ack")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(
                "#alarms .alarm[data-state='ACKNOWLEDGED']")).isEmpty());
        chrome.findElement(By.cssSelector("#alarms .alarm button.close-alarm")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !chrome.findElements(By.cssSelector(
                "#alarms .alarm[data-state='CLOSED']")).isEmpty());
    }

    @Test
    void theAlarmListTakesACommentAndShowsItAmongTheNotes() throws Exception {
        Rtsp.assumeInstalled("chromedriver");
        press("list-sos");
        String id = await().atMost(Duration.ofSeconds(10)).until(() -> HUB.as("village11-op")
                .get("/api/v1/alarms?state=OPEN").json().get("items"), items -> items.size() > 0).get(0).get("id")
                .asText();
        ChromeDriver chrome = browser();
        chromium.logIn(HUB.hub().base(), "village11-op", SmallCounty.PASSWORD);
        chromium.tab("alarms", "alarm-list");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            chrome.findElement(By.cssSelector("#alarm-rows tr[data-alarm='" + id + "']")).click();
            return !chrome.findElements(By.cssSelector("#alarm-detail input.alarm-comment")).isEmpty();
        });
        // The detail is drawn again whenever the dispatch socket reports on the alarm: type into the one shown now.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            WebElement comment = chrome.findElement(By.cssSelector("#alarm-detail input.alarm-comment"));
            comment.clear();
            comment.sendKeys("民警已到场");
            chrome.findElement(By.cssSelector("#alarm-detail form button[type=submit]")).click();
            return true;
        });
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> chrome.findElement(By.cssSelector(
                "#alarm-detail ul.notes")).getText().contains("民警已到场"));
        assertThat(HUB.as("village11-op").get("/api/v1/alarms/" + id).json().get("notes").findValuesAsText("text"))
                .contains("民警已到场");
        chromium.shot("alarm-list-comment");
        assertThat(chrome.findElement(By.id("alarm-note")).getText()).doesNotContain("text");
        HUB.as("village11-op").post("/api/v1/alarms/" + id + "/close", Map.of());
    }

    /** The school's alarm box, pressed: an SOS with its own alarm id. */
    private static void press(String alarmId) throws Exception {
        try (DevicePublisher publisher = new DevicePublisher("tcp://127.0.0.1:" + HUB.hub().hub().broker().port(),
                23)) {
            publisher.alarm(new SimulatedDevice(alarmBox, Dialect.ALARM_JSON, alarmBox, "box-pw"), alarmId, "SOS");
        }
    }

    private static long number(ChromeDriver chrome, String expression) {
        return ((Number) chrome.executeScript("return " + expression)).longValue();
    }

    private static ChromeDriver browser() throws Exception {
        if (chromium == null) {
            chromium = Chromium.start();
        }
        return chromium.driver();
    }
}

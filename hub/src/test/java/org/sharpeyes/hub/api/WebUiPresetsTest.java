package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.Chromium;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.onvif.OnvifSettings;
import org.sharpeyes.sim.onvif.OnvifSimulator;

/** #17 and #19 in the browser: a PTZ tile of an ONVIF camera lists its presets, saves one and goes back to it. */
class WebUiPresetsTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    static OnvifSimulator onvif;
    static Chromium chromium;
    static String camera;

    @BeforeAll
    static void camera() throws Exception {
        camera = (String) SmallCounty.camera(SmallCounty.VILLAGE_1_1, 921).get("code");
        onvif = new OnvifSimulator(OnvifSettings.of("admin", "pw-921"), CAMERAS.server(), "rtsp://127.0.0.1:"
                + CAMERAS.port(), 320, 240).add(camera, "校门球机");
        onvif.start("127.0.0.1", 0, 0, false);
        Map<String, Object> body = new HashMap<>(Map.of("deviceUrl", onvif.deviceUrl(camera), "username", "admin",
                "password", "pw-921", "code", camera, "name", "校门球机", "region", SmallCounty.VILLAGE_1_1, "source",
                "SHARP_EYES"));
        assertThat(HUB.admin().post("/api/v1/onvif/register", body).status()).isEqualTo(201);
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            System.out.println("browser console: " + chromium.console());
            chromium.close();
        }
        onvif.close();
    }

    @Test
    void aPtzTileSavesAPresetAndGoesBackToIt() throws Exception {
        Rtsp.assumeInstalled("chromedriver");
        chromium = Chromium.start();
        ChromeDriver chrome = chromium.driver();
        chromium.logIn(HUB.hub().base(), "village11-op", SmallCounty.PASSWORD);
        long wall = HUB.as("village11-op").get("/api/v1/walls").json().get(0).get("id").asLong();
        assertThat(HUB.as("village11-op").put("/api/v1/walls/" + wall + "/tiles/1", Map.of("pointCode", camera))
                .status()).isEqualTo(200);
        String tile = "#wall .tile[data-point='" + camera + "']";
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> chrome.findElement(By.cssSelector(
                tile + " .ptz-presets")).isDisplayed());
        int pan = CAMERAS.server().ptz(camera).pan();
        chrome.findElement(By.cssSelector(tile + " .ptz-preset-name")).sendKeys("校门口");
        chrome.findElement(By.cssSelector(tile + " .ptz-preset-save")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> onvif.presetNames(camera).contains("校门口"));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> chrome.findElement(By.cssSelector(
                tile + " .ptz-message")).getText().equals("已保存预置位 校门口"));

        assertThat(HUB.as("village11-op").post("/api/v1/points/" + camera + "/ptz", Map.of("action", "right",
                "speed", 1.0)).status()).isEqualTo(200);
        assertThat(CAMERAS.server().ptz(camera).pan()).isNotEqualTo(pan);
        // What choosing an option does: the select's value changes and it says so.
        await().atMost(Duration.ofSeconds(10)).until(() -> (Boolean) chrome.executeScript("const s = document"
                + ".querySelector(\"" + tile + " .ptz-presets\"); const o = [...s.options].find(x => x.textContent"
                + " === '校门口'); if (!o) return false; s.value = o.value; s.dispatchEvent(new Event('change'));"
                + " return true;"));
        await().atMost(Duration.ofSeconds(10)).until(() -> CAMERAS.server().ptz(camera).pan() == pan);
        chromium.shot("wall-ptz-presets");
    }
}

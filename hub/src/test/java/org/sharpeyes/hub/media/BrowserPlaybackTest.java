package org.sharpeyes.hub.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.SmallCounty;

/** A real browser (headless Chromium) plays /live/{code}.mp4 through Media Source Extensions. */
class BrowserPlaybackTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    static String code;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        code = CAMERAS.register(SmallCounty.TOWNSHIP_1, 771, null);
    }

    @Test
    void chromiumPlaysTheFragmentedMp4StreamAndAdvances() throws IOException {
        Rtsp.assumeInstalled("chromedriver");
        Path page = dir.resolve("mse-player.html");
        try (InputStream in = getClass().getResourceAsStream("/browser/mse-player.html")) {
            Files.write(page, in.readAllBytes());
        }
        String ws = "ws://127.0.0.1:" + HUB.hub().hub().httpPort() + "/live/" + code + ".mp4?token="
                + HUB.as("town1-op").token();
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
                "--user-data-dir=" + dir.resolve("profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(page.toUri() + "?ws=" + URLEncoder.encode(ws, StandardCharsets.UTF_8));
            JsonNode[] state = new JsonNode[1];
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                String title = browser.getTitle();
                if (!title.startsWith("{")) {
                    return false;
                }
                state[0] = JSON.readTree(title);
                assertThat(state[0].get("error").isNull()).as(title).isTrue();
                return state[0].get("time").asDouble() > 2.0;
            });
            assertThat(state[0].get("width").asInt()).isEqualTo(320);
            assertThat(state[0].get("height").asInt()).isEqualTo(240);
        } finally {
            browser.quit();
        }
    }
}

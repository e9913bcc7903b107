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
    static String withAac;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        code = CAMERAS.register(SmallCounty.TOWNSHIP_1, 771, null);
        withAac = CAMERAS.registerWithQuery(SmallCounty.TOWNSHIP_1, 772, "?audio=aac");
    }

    @Test
    void chromiumPlaysTheFragmentedMp4StreamAndAdvances() throws IOException {
        JsonNode state = play(code);
        assertThat(state.get("width").asInt()).isEqualTo(320);
        assertThat(state.get("height").asInt()).isEqualTo(240);
        assertThat(state.get("codecs").asText()).startsWith("avc1.").doesNotContain("mp4a");
    }

    @Test
    void chromiumDecodesTheCamerasAacAlongsideThePicture() throws IOException {
        JsonNode state = play(withAac);
        assertThat(state.get("codecs").asText()).contains("mp4a.40.2");
        assertThat(state.get("audioBytes").asLong()).as("audio bytes Chromium decoded").isPositive();
    }

    /** Plays {@code pointCode} in the MSE page until two seconds of it have played; returns the page's last state. */
    private JsonNode play(String pointCode) throws IOException {
        Rtsp.assumeInstalled("chromedriver");
        Path page = dir.resolve("mse-player.html");
        try (InputStream in = getClass().getResourceAsStream("/browser/mse-player.html")) {
            Files.write(page, in.readAllBytes());
        }
        String ws = "ws://127.0.0.1:" + HUB.hub().hub().httpPort() + "/live/" + pointCode + ".mp4?token="
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
            return state[0];
        } finally {
            browser.quit();
        }
    }
}

package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.sharpeyes.hub.testing.Chromium;
import org.sharpeyes.hub.testing.TestHub;

/**
 * #17 with the demo county (49,700 points, 657 regions) in headless Chromium: the county's map on the site's own
 * tile server, the dashboard's charts, and a supervisor's audit log.
 */
class WebUiDemoTest {

    static Path dir;
    static TestHub hub;
    static Chromium chromium;
    static HttpServer tiles;
    static final List<String> tileRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void demo() throws Exception {
        byte[] tile = png();
        tiles = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tiles.createContext("/tiles/", exchange -> {
            tileRequests.add(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, tile.length);
            exchange.getResponseBody().write(tile);
            exchange.close();
        });
        tiles.start();
        dir = Files.createTempDirectory("webui-demo");
        hub = TestHub.start(dir, "--demo", "--demo.cameras=false",
                "--ui.mapTiles=http://127.0.0.1:" + tiles.getAddress().getPort() + "/tiles/{z}/{x}/{y}.png");
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (hub != null) {
            hub.close();
        }
        tiles.stop(0);
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 256; x++) {
            for (int y = 0; y < 256; y++) {
                image.setRGB(x, y, (x / 32 + y / 32) % 2 == 0 ? 0x35506e : 0x2a3f58);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void theCountyMapDrawsEveryPointOnTheSitesTilesWithItsTownshipLabels() throws Exception {
        ChromeDriver chrome = chromium.driver();
        chromium.logIn(hub.base(), "county", "sharpeyes");
        chromium.tab("map", "map");
        long withPosition = hub.anonymous().as("county", "sharpeyes").get("/api/v1/points/map").json().get("points")
                .size();
        assertThat(withPosition).isGreaterThan(40_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> chrome.findElement(By.id("map-note")).getText()
                .startsWith(withPosition + " "));
        await().atMost(Duration.ofSeconds(20)).until(() -> !tileRequests.isEmpty());
        assertThat(tileRequests.get(0)).matches("/tiles/\\d+/\\d+/\\d+\\.png");
        // Points are drawn in their state's colour: count the pixels of the offline and unknown colours.
        await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) chrome.executeScript(
                "const c = document.getElementById('map-canvas'); const d = c.getContext('2d')"
                        + ".getImageData(0, 0, c.width, c.height).data; let n = 0;"
                        + "for (let i = 0; i < d.length; i += 4) { if ((d[i] === 0xe0 && d[i + 1] === 0x52) "
                        + "|| (d[i] === 0x8a && d[i + 1] === 0xa3 && d[i + 2] === 0xbd)) n++; } return n;"))
                .longValue() > 1_000);
        chromium.shot("map-county");
    }

    @Test
    void theDashboardChartsTheCountysOnlineRateByTownshipAndSourceEventsAndOfflinePoints() throws Exception {
        ChromeDriver chrome = chromium.driver();
        chromium.logIn(hub.base(), "county", "sharpeyes");
        chromium.tab("dashboard", "dashboard");
        await().atMost(Duration.ofSeconds(30)).until(() -> !chrome.findElements(By.cssSelector(
                "#chart-regions rect.bar")).isEmpty());
        assertThat(chrome.findElements(By.cssSelector("#chart-regions rect.bar"))).hasSize(33);
        assertThat(chrome.findElement(By.id("chart-regions")).getText()).contains("东升街道");
        assertThat(chrome.findElements(By.cssSelector("#chart-sources rect.bar"))).hasSizeGreaterThanOrEqualTo(6);
        assertThat(chrome.findElement(By.id("chart-sources")).getText()).contains("慧眼").contains("天网");
        assertThat(chrome.findElements(By.cssSelector("#chart-hours rect.bar"))).hasSize(24);
        assertThat(chrome.findElement(By.id("online-rate")).getText()).endsWith("%");
        long offline = hub.anonymous().as("county", "sharpeyes").get("/api/v1/points?status=OFFLINE&size=10").json()
                .get("items").size();
        assertThat(chrome.findElements(By.cssSelector("#offline-longest tr[data-code]"))).hasSize((int) offline);
        chromium.shot("dashboard-county");
        chromium.logIn(hub.base(), "village", "sharpeyes");
        chromium.tab("dashboard", "dashboard");
        await().atMost(Duration.ofSeconds(30)).until(() -> !chrome.findElements(By.id("online-rate")).isEmpty());
        assertThat(chrome.findElement(By.id("dashboard")).getText()).as("a village sees no township")
                .doesNotContain("东升街道").doesNotContain("九江");
    }

    @Test
    void aSupervisorReadsTheAuditLogFilteredByAction() throws Exception {
        ChromeDriver chrome = chromium.driver();
        assertThat(hub.anonymous().post("/api/v1/auth/login", java.util.Map.of("username", "township",
                "password", "not-the-password")).status()).isEqualTo(401);
        chromium.logIn(hub.base(), "supervisor", "sharpeyes");
        assertThat(chrome.findElements(By.id("tab-installer"))).as("a supervisor does not register points").isEmpty();
        chromium.tab("admin", "admin");
        await().atMost(Duration.ofSeconds(20)).until(() -> !chrome.findElements(By.cssSelector(
                "#audit-rows tr[data-action='LOGIN']")).isEmpty());
        chrome.executeScript("document.getElementById('audit-action').value = 'LOGIN_FAILED'");
        chrome.findElement(By.id("audit-search")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> chrome.findElements(By.cssSelector("#audit-rows tbody tr"))
                .stream().allMatch(row -> "LOGIN_FAILED".equals(row.getAttribute("data-action")))
                && !chrome.findElements(By.cssSelector("#audit-rows tbody tr")).isEmpty());
        assertThat(chrome.findElement(By.id("audit-rows")).getText()).contains("township");
        assertThat(chrome.findElement(By.id("center-rows")).getText()).contains("东升街道");
        assertThat(chrome.findElements(By.id("operator-rows"))).as("operators are for administrators").isEmpty();
        chromium.shot("admin-audit");
        chromium.logIn(hub.base(), "county", "sharpeyes");
        assertThat(chrome.findElements(By.id("tab-admin"))).as("an operator has no admin pages").isEmpty();
    }

    @Test
    void aCountysPointMapIsGzippedForAClientThatTakesItAndSmallRepliesAreNot() throws Exception {
        String token = hub.anonymous().as("county", "sharpeyes").token();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<byte[]>> get = path -> {
            try {
                return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(hub.base() + path))
                        .header("Authorization", "Bearer " + token).header("Accept-Encoding", "gzip, deflate")
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        java.net.http.HttpResponse<byte[]> zipped = get.apply("/api/v1/points/map");
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] plain = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))
                .readAllBytes();
        long points = hub.anonymous().as("county", "sharpeyes").get("/api/v1/points/map").json().get("points").size();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(plain).get("points").size())
                .isEqualTo((int) points);
        assertThat(zipped.body().length).as("gzipped vs " + plain.length + " bytes").isLessThan(plain.length / 3);
        assertThat(get.apply("/api/v1/auth/me").headers().firstValue("Content-Encoding")).isEmpty();
    }
}

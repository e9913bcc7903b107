package org.sharpeyes.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubProcess;

/** The packaged {@code hub.jar}, started as an operator would start it. */
class HubJarIT {

    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void startsWithTheDemoCountyAnswersTheApiAndStopsInOrderOnSigterm() throws Exception {
        long points;
        try (HubProcess hub = HubProcess.start("--demo", "--demo.cameras=false", "--http.port=0", "--rtsp.port=0",
                "--sip.port=0", "--mqtt.port=0", "--data.dir=" + dir,
                "--auth.adminPassword=admin-secret-1")) {
            String base = hub.awaitHttpBase(START);
            assertThat(hub.output()).contains("Login:    county / sharpeyes").contains("Demo:     loaded county 510122")
                    .contains("Database: H2 file");
            ApiClient county = new ApiClient(base, null).as("county", "sharpeyes");
            points = county.get("/api/v1/regions/510122/stats").json().get("points").asLong();
            assertThat(points).isBetween(49_000L, 50_000L);
            assertThat(county.get("/api/v1/points?region=510122001&size=5").json().get("items")).hasSize(5);
            assertThat(new ApiClient(base, null).get("/health").json().get("status").asText()).isEqualTo("UP");
            long stopping = System.nanoTime();
            hub.terminate();
            hub.awaitExit(Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(10));
            assertThat(hub.output()).contains("hub stopped in");
        }
        try (HubProcess again = HubProcess.start("--http.port=0", "--rtsp.port=0",
                "--sip.port=0", "--mqtt.port=0", "--data.dir=" + dir)) {
            String base = again.awaitHttpBase(START);
            assertThat(again.output()).contains("Admin:    admin (password as configured or set before)");
            ApiClient admin = new ApiClient(base, null).as("admin", "admin-secret-1");
            assertThat(admin.get("/api/v1/regions/510122/stats").json().get("points").asLong()).isEqualTo(points);
        }
    }

    @Test
    void printsAGeneratedAdminPasswordOnceThatLogsIn() throws Exception {
        try (HubProcess hub = HubProcess.start("--http.port=0", "--rtsp.port=0",
                "--sip.port=0", "--mqtt.port=0", "--data.dir=" + dir)) {
            String base = hub.awaitHttpBase(START);
            Matcher m = Pattern.compile("Admin:\\s+admin / (\\S+)").matcher(hub.output());
            assertThat(m.find()).as(hub.output()).isTrue();
            assertThat(new ApiClient(base, null).as("admin", m.group(1)).get("/api/v1/operators").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aTakenPortStopsStartUpWithOneLineNamingItAndTheWayOut() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                HubProcess hub = HubProcess.start("--http.host=127.0.0.1", "--rtsp.port=0",
                        "--sip.port=0", "--mqtt.port=0", "--http.port=" + taken.getLocalPort(),
                        "--data.dir=" + dir)) {
            assertThat(hub.awaitExit(START)).isEqualTo(1);
            assertThat(hub.output()).contains("cannot start: HTTP port " + taken.getLocalPort()
                    + " is already in use: choose another with --http.port=PORT");
        }
    }

    @Test
    void aTakenMqttPortNamesBothWaysOut() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                HubProcess hub = HubProcess.start("--http.host=127.0.0.1", "--rtsp.port=0",
                        "--sip.port=0", "--http.port=0",
                        "--mqtt.port=" + taken.getLocalPort(), "--data.dir=" + dir)) {
            assertThat(hub.awaitExit(START)).isEqualTo(1);
            assertThat(hub.output()).contains("cannot start: MQTT port " + taken.getLocalPort()
                    + " is already in use: choose another with --mqtt.port=PORT").contains("--mqtt.url=tcp://");
        }
    }

    @Test
    void aBadConfigurationValueStopsStartUpNamingTheKey() throws IOException, InterruptedException {
        try (HubProcess hub = HubProcess.start("--http.port=eighty", "--data.dir=" + dir)) {
            assertThat(hub.awaitExit(START)).isEqualTo(2);
            assertThat(hub.output()).contains("configuration error: http.port: must be a port from 0 to 65535");
        }
    }

    /** #22: the sample banner in the tour's page is what the hub prints, line for line (ports, times, paths aside). */
    @Test
    void theReadmesSampleBannerIsTheOneTheHubPrints() throws Exception {
        java.util.List<String> sample = sampleBanner();
        try (HubProcess hub = HubProcess.start("--demo", "--http.port=0", "--rtsp.port=0",
                "--sip.port=0", "--mqtt.port=0",
                "--data.dir=" + dir.resolve("data"))) {
            hub.awaitHttpBase(START);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> hub.output()
                    .contains("  Log in:   "));
            java.util.List<String> printed = hub.output().lines().dropWhile(line -> !line.startsWith("Sharp Eyes Hub"))
                    .filter(line -> line.startsWith("Sharp Eyes Hub") || line.startsWith("  ") && !line.contains(
                            " INFO ") && !line.contains(" WARN ")).toList();
            java.util.List<String> banner = printed.subList(0, printed.indexOf(printed.stream().filter(line -> line
                    .startsWith("  Log in:")).findFirst().orElseThrow()) + 1);
            assertThat(banner).as("the banner printed").hasSameSizeAs(sample);
            for (int i = 0; i < sample.size(); i++) {
                assertThat(banner.get(i)).as("docs/tour.md line " + (i + 1) + " of the sample banner")
                        .matches(pattern(sample.get(i)));
            }
        }
    }

    /** The tour page's sample banner: the indented lines after the sentence that introduces it. */
    private static java.util.List<String> sampleBanner() throws IOException {
        Path readme = Path.of("..", "docs", "tour.md");
        java.util.List<String> lines = java.nio.file.Files.readAllLines(readme);
        int start = lines.indexOf("When the hub starts it prints its addresses and logins:") + 2;
        assertThat(start).as("docs/tour.md introduces its sample banner").isGreaterThan(1);
        return lines.subList(start, lines.size()).stream().takeWhile(line -> line.startsWith("    "))
                .map(line -> line.substring(4)).toList();
    }

    /** A sample line as a pattern: any number where it has one, anything where it says "…". */
    private static String pattern(String line) {
        StringBuilder regex = new StringBuilder();
        for (String piece : line.split("(?<=…)|(?=…)|(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)")) {
            regex.append(piece.equals("…") ? ".*" : piece.matches("\\d+") ? "\\d+(\\.\\d+)?"
                    : Pattern.quote(piece));
        }
        return regex.toString();
    }
}

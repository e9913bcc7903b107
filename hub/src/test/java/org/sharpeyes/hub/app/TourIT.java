package org.sharpeyes.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.HubProcess;

/**
 * #22: the README's tour ({@code docs/tour.sh}) runs from login to audit against the packaged jar with {@code --demo}
 * on ports of its own, stopping at the first HTTP status it did not expect; twice, since it cleans up after itself.
 */
class TourIT {

    private static final Duration START = Duration.ofSeconds(120);
    private static final long TOUR_SECONDS = 180;
    private static final String ADMIN_PASSWORD = "tour-admin-secret";

    @TempDir
    Path dir;

    @Test
    void theReadmesTourRunsAsWrittenAgainstTheDemoAndAgain() throws Exception {
        assumeTools("curl", "jq", "mosquitto_pub", "ffprobe");
        try (HubProcess hub = HubProcess.start("--demo", "--http.port=0", "--rtsp.port=0",
                "--sip.port=0", "--mqtt.port=0",
                "--data.dir=" + dir.resolve("data"), "--auth.adminPassword=" + ADMIN_PASSWORD)) {
            String http = hub.awaitHttpBase(START);
            String rtsp = find(hub.output(), "RTSP:\\s+(rtsp://[^/\\s]+)/live/");
            String mqttPort = find(hub.output(), "MQTT:\\s+tcp://[^:\\s]+:(\\d+)\\s");
            Files.createSymbolicLink(dir.resolve("docs"), TourTest.SCRIPT.getParent().toAbsolutePath());
            for (int run = 1; run <= 2; run++) {
                Path log = dir.resolve("tour-" + run + ".log");
                ProcessBuilder builder = new ProcessBuilder("bash", "docs/tour.sh").redirectErrorStream(true)
                        .redirectOutput(log.toFile()).directory(dir.toFile());
                builder.environment().putAll(java.util.Map.of("H", http, "R", rtsp, "M", mqttPort,
                        "ADMIN_PASSWORD", ADMIN_PASSWORD));
                Process tour = builder.start();
                tour.getOutputStream().close();
                boolean ended = tour.waitFor(TOUR_SECONDS, TimeUnit.SECONDS);
                if (!ended) {
                    tour.destroyForcibly();
                }
                String output = Files.readString(log);
                assertThat(ended).as("run %d ended within %d s:%n%s", run, TOUR_SECONDS, output).isTrue();
                assertThat(tour.exitValue()).as("run %d of docs/tour.sh:%n%s%nthe hub's log:%n%s", run, output,
                        hub.output()).isZero();
                assertThat(output).as("run %d", run).contains("tour: HTTP 202 " + http + "/api/v1/points/"
                        + "51012201011410900001/gate").contains("codec_name=h264")
                        .contains("tour: HTTP 200 " + http + "/api/v1/alarms/");
            }
            assertThat(Files.size(dir.resolve("snap.jpg"))).as("the snapshot the tour saved").isPositive();
        }
    }

    private static String find(String output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        assertThat(m.find()).as("%s in the banner:%n%s", regex, output).isTrue();
        return m.group(1);
    }

    private static void assumeTools(String... tools) throws IOException, InterruptedException {
        for (String tool : tools) {
            Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            if (which.waitFor() != 0) {
                String message = tool + " is not installed (bash scripts/test-deps.sh installs it)";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new AssertionError(message + ", and CI must have it");
                }
                Assumptions.abort(message + ": skipped");
            }
        }
    }
}

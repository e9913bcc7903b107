package org.sharpeyes.hub.gb28181;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.SimulatorMain;
import picocli.CommandLine;

/** {@code simulators.jar gb28181-platform} as a user runs it: the hub registers with it, it reads and plays a point. */
class GbPlatformCommandTest {

    private static final String HUB_ID = "51012200002000000001";
    private static final StringWriter OUTPUT = new StringWriter();
    private static final CompletableFuture<Integer> EXIT = Command.run(OUTPUT, "gb28181-platform",
            "--password=city-secret-1", "--port=0", "--catalog-every=1", "--play=first", "--play-seconds=3",
            "--exit-after-play");
    private static final int PORT = Command.boundPort(OUTPUT);

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("sip.id=" + HUB_ID, "sip.upstream.id=51010000002000000001",
            "sip.upstream.host=127.0.0.1", "sip.upstream.port=" + PORT, "sip.upstream.password=city-secret-1",
            "sip.upstream.catalogRegion=" + SmallCounty.TOWNSHIP_1);

    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);

    @Test
    void readsTheHubsCatalogAndPlaysItsFirstPoint() throws Exception {
        String code = CAMERAS.register(SmallCounty.TOWNSHIP_1, 501, null);

        assertThat(EXIT).as("the command's output: %s", OUTPUT).succeedsWithin(90, TimeUnit.SECONDS).isEqualTo(0);
        String printed = OUTPUT.toString();
        assertThat(printed).contains("lower platform " + HUB_ID + " registered over UDP")
                .contains("catalog of " + HUB_ID + ": 1 items").contains("  " + code + " ")
                .containsPattern("played " + code + " from " + HUB_ID + " for 3 s: [1-9]\\d* pictures, [1-9]\\d* key "
                        + "frames, H264");
    }

    /**
     * The command's helpers, apart from the test class: their lambdas run on other threads while the test class is
     * still initialising, which would wait for it forever if they were its own.
     */
    private static final class Command {
        /** The command on a thread of its own, printing to {@code output}. */
        static CompletableFuture<Integer> run(StringWriter output, String... args) {
            PrintWriter out = new PrintWriter(output, true);
            return CompletableFuture.supplyAsync(() -> new CommandLine(new SimulatorMain()).setOut(out).execute(args));
        }

        static int boundPort(StringWriter output) {
            Pattern listening = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+) \\(UDP and TCP\\)");
            Matcher[] found = {null};
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                found[0] = listening.matcher(output.toString());
                return found[0].find();
            });
            return Integer.parseInt(found[0].group(1));
        }
    }
}

package org.sharpeyes.hub.app;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.sharpeyes.hub.cli.PointsCommand;
import org.sharpeyes.hub.demo.DemoCounty;
import org.sharpeyes.hub.demo.DemoDevices;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Entry point of {@code hub.jar}: starts the hub, or runs a command such as {@code points import}. */
public final class HubMain {

    private HubMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("points")) {
            System.exit(new CommandLine(new PointsCommand()).execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            printUsage(System.out);
            return;
        }
        long started = System.nanoTime();
        Hub hub;
        try {
            ConfigLoader.Launch launch = ConfigLoader.load(List.of(args), System.getenv());
            hub = Hub.start(launch.config(), launch.demo());
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (StartupException e) {
            System.err.println("cannot start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (Exception | Error e) {
            // Parts already started (the broker, the event loops) would keep a half-started hub alive, doing nothing.
            LoggerFactory.getLogger(HubMain.class).error("cannot start: an unexpected failure while starting", e);
            System.err.println("cannot start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(hub::close, "hub-shutdown"));
        printBanner(System.out, hub, (System.nanoTime() - started) / 1_000_000);
    }

    private static void printBanner(PrintStream out, Hub hub, long startMillis) {
        String base = "http://127.0.0.1:" + hub.httpPort();
        out.printf("Sharp Eyes Hub %s is up (started in %.1f s)%n", Hub.VERSION, startMillis / 1000.0);
        out.println("  HTTP:     " + base + "/   (web UI; API " + base + "/api/v1, health /health, metrics /metrics)");
        out.println("  RTSP:     rtsp://127.0.0.1:" + hub.rtspPort() + "/live/{pointCode}?token={login token}");
        out.println("  MQTT:     " + (hub.mqttUrl().isEmpty() ? "none (mqtt.embedded=false and no mqtt.url)"
                : hub.mqttUrl() + (hub.broker() != null ? "   (embedded broker; devices log in with their point's "
                + "credentials, MQTT username = point code or serial)" : "")));
        out.println("  Database: " + hub.describeDatabase());
        if (hub.demoCameras() != null) {
            out.println("  Cameras:  demo camera simulator at rtsp://127.0.0.1:" + hub.demoCameraPort()
                    + "/{pointCode}");
        }
        if (hub.demoDevices() != null) {
            out.printf("  Devices:  %d simulated devices publishing: gates and recognizers of region %s (one event a "
                    + "second), the alarm box of a school in %s (a drill every %d minutes)%n",
                    hub.demoDevices().devices().size(), DemoDevices.COMMUNITY, DemoDevices.VILLAGE,
                    DemoDevices.DRILL_EVERY.toMinutes());
        }
        if (hub.generatedAdminPassword() != null) {
            out.println("  Admin:    admin / " + hub.generatedAdminPassword() + "   (generated now and shown only once; "
                    + "change it with PUT /api/v1/operators/admin/password)");
        } else {
            out.println("  Admin:    admin (password as configured or set before)");
        }
        DemoCounty.Loaded demo = hub.demo();
        if (demo != null) {
            if (demo.points() > 0) {
                out.printf("  Demo:     loaded county 510122 with %d regions and %d points%n", demo.regions(),
                        demo.points());
            } else {
                out.println("  Demo:     the database already had regions, so the demo county was not loaded again");
            }
            for (DemoCounty.Login login : demo.logins()) {
                out.printf("  Login:    %s / %s   (%s, center %s)%n", login.username(), login.password(), login.role(),
                        login.center());
            }
        }
        out.println("  Log in:   curl -s -X POST " + base + "/api/v1/auth/login -H 'Content-Type: application/json' "
                + "-d '{\"username\":\"admin\",\"password\":\"...\"}'");
        out.flush();
    }

    private static void printUsage(PrintStream out) {
        out.println("usage: java -jar hub.jar [--config=FILE] [--demo] [--key=value ...]");
        out.println("       java -jar hub.jar points import FILE.csv [--server=URL] [--user=NAME] [--all-or-nothing]");
        out.println("configuration keys (defaults; environment HUB_KEY_NAME):");
        ConfigKeys.DEFAULTS.forEach((key, value) -> out.printf("  --%s=%s   (%s)%n", key, value,
                ConfigKeys.environmentName(key)));
    }
}

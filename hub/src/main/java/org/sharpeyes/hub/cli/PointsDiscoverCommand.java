package org.sharpeyes.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code points discover}: asks a running hub to find ONVIF cameras (multicast, or the hosts given) and lists each
 * with what it is, its profiles and whether it is registered, one camera per block.
 */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = "Find ONVIF cameras through a running hub and say which are registered.")
final class PointsDiscoverCommand implements Callable<Integer> {

    @Option(names = "--server", defaultValue = "http://127.0.0.1:8080", description = "the hub (default: ${DEFAULT-VALUE})")
    URI server;

    @Option(names = "--user", defaultValue = "admin", description = "operator to log in as (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password", description = "the operator's password; otherwise HUB_PASSWORD")
    String password;

    @Option(names = "--hosts", split = ",", description = "hosts, host:port, ranges (a.b.c.10-40) or subnets "
            + "(a.b.c.0/24) to probe one by one; without, a multicast probe")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--camera-user", description = "the cameras' login, to read vendor, model and profiles")
    String cameraUser;

    @Option(names = "--camera-password", description = "the cameras' password") String cameraPassword;

    @Option(names = "--wait-millis", defaultValue = "3000", description = "how long to gather answers (default: "
            + "${DEFAULT-VALUE})") int waitMillis;

    private final PrintStream out;
    private final PrintStream err;

    PointsDiscoverCommand() {
        this(System.out, System.err);
    }

    PointsDiscoverCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        String login = password != null ? password : System.getenv("HUB_PASSWORD");
        if (login == null) {
            err.println("no password: pass --password=… or set HUB_PASSWORD");
            return 2;
        }
        try {
            HubClient client = new HubClient(server);
            client.login(user, login);
            Map<String, Object> body = new LinkedHashMap<>();
            if (!hosts.isEmpty()) {
                body.put("hosts", hosts);
            }
            body.put("waitMillis", waitMillis);
            if (cameraUser != null) {
                body.put("username", cameraUser);
                body.put("password", cameraPassword == null ? "" : cameraPassword);
            }
            JsonNode devices = client.discover(body).path("devices");
            for (JsonNode device : devices) {
                out.println(device.path("deviceUrl").asText());
                line("name", device.path("name"));
                line("vendor", device.path("vendor"));
                line("model", device.hasNonNull("model") ? device.path("model") : device.path("hardware"));
                line("firmware", device.path("firmware"));
                line("serial", device.path("serial"));
                if (device.has("profiles")) {
                    List<String> profiles = new ArrayList<>();
                    for (JsonNode p : device.get("profiles")) {
                        profiles.add(p.path("token").asText() + " " + p.path("encoding").asText("?") + " "
                                + p.path("width").asInt() + "x" + p.path("height").asInt()
                                + (p.path("ptz").asBoolean() ? " PTZ" : ""));
                    }
                    out.println("  profiles:   " + String.join(", ", profiles));
                }
                line("stream", device.path("streamUrl"));
                line("error", device.path("error"));
                out.println("  registered: " + (device.path("registered").asBoolean()
                        ? (device.hasNonNull("pointCode") ? "as " + device.get("pointCode").asText()
                        : "yes, outside your region") : "no"));
            }
            out.printf("%d camera(s) found%n", devices.size());
            return 0;
        } catch (IOException e) {
            err.println("discovery failed: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("discovery interrupted");
            return 2;
        }
    }

    private void line(String label, JsonNode value) {
        if (value != null && !value.isMissingNode() && !value.isNull() && !value.asText().isEmpty()) {
            out.printf("  %-11s %s%n", label + ":", value.asText());
        }
    }
}

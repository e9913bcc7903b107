package org.sharpeyes.hub.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sharpeyes.hub.app.ConfigLoader;
import org.sharpeyes.hub.app.Hub;

/** A real hub for a test: its own H2 file in a temporary folder, HTTP on a free port, a known admin password. */
public final class TestHub implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "admin-secret-1";

    private final Hub hub;
    private final String base;

    private TestHub(Hub hub) {
        this.hub = hub;
        this.base = "http://127.0.0.1:" + hub.httpPort();
    }

    /** Starts a hub in {@code dataDir}; {@code overrides} are further {@code key=value} settings. */
    public static TestHub start(Path dataDir, String... overrides) {
        List<String> args = new ArrayList<>(List.of("--http.port=0", "--rtsp.port=0",
                "--sip.port=0", "--mqtt.port=0", "--http.host=127.0.0.1", "--media.probeIntervalSeconds=0",
                "--data.dir=" + dataDir, "--auth.adminPassword=" + ADMIN_PASSWORD));
        for (String override : overrides) {
            args.add(override.startsWith("--") ? override : "--" + override);
        }
        ConfigLoader.Launch launch = ConfigLoader.load(args, Map.of());
        return new TestHub(Hub.start(launch.config(), launch.demo()));
    }

    public Hub hub() {
        return hub;
    }

    public String base() {
        return base;
    }

    /** A client with no login. */
    public ApiClient anonymous() {
        return new ApiClient(base, null);
    }

    public ApiClient admin() {
        return anonymous().as("admin", ADMIN_PASSWORD);
    }

    /** A metric's value as {@code /metrics} shows it (Prometheus name, no labels), or -1 when it is not there. */
    public double metric(String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)", Pattern.MULTILINE)
                .matcher(anonymous().get("/metrics").text());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Override
    public void close() {
        hub.close();
    }
}

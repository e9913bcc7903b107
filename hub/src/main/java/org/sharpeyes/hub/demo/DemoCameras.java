package org.sharpeyes.hub.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sharpeyes.hub.registry.PointStore;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the camera simulator in-process for {@code --demo} and keeps the demo points' stream addresses on its port.
 * With {@code demo.cameraPort=0} it takes the port this data directory's demo used last (the seeds' 8654 at first),
 * or any free one when that is taken, so a second demo on the same machine still has its own cameras; the points'
 * addresses follow the port when it changes.
 */
public final class DemoCameras {

    /** The port in the seeds' stream addresses ({@code rtsp://127.0.0.1:8654/{code}}). */
    public static final int SEED_PORT = 8654;
    private static final String FILE = "demo-camera-port";

    private static final Logger LOG = LoggerFactory.getLogger(DemoCameras.class);

    /** The running simulator and the port it took. */
    public record Started(CameraServer server, int port) {
    }

    private DemoCameras() {
    }

    /**
     * The running simulator, or null when the fixed {@code port} asked for is taken (demo video then fails with a
     * clear reason); {@code port} 0 always finds one.
     */
    public static Started start(int port, Path dataDir, PointStore points) {
        int last = lastPort(dataDir);
        Started started = port != 0 ? bind(port) : bindOr(last);
        if (started == null) {
            LOG.warn("demo cameras not started: port {} is taken, so demo points will show no video; "
                    + "--demo.cameraPort=0 picks a free one", port);
            return null;
        }
        int bound = started.port();
        if (bound != last) {
            int moved = points.moveStreamAddresses(address(last), address(bound));
            LOG.info("demo cameras on port {} (was {}): {} demo points' stream addresses follow", bound, last, moved);
        }
        remember(dataDir, bound);
        return started;
    }

    private static String address(int port) {
        return "rtsp://127.0.0.1:" + port + "/";
    }

    private static Started bindOr(int preferred) {
        Started started = bind(preferred);
        return started != null ? started : bind(0);
    }

    private static Started bind(int port) {
        CameraServer server = new CameraServer(CameraSettings.DEFAULT);
        try {
            return new Started(server, server.start("127.0.0.1", port).getPort());
        } catch (Exception e) {
            server.close();
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                return null;
            }
            throw new IllegalStateException("the demo camera simulator does not start", e);
        }
    }

    private static int lastPort(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (kept.matches("\\d{1,5}")) {
                    return Integer.parseInt(kept);
                }
                LOG.warn("{} holds '{}', not a port: taking the seeds' {}", file, kept, SEED_PORT);
            }
            return SEED_PORT;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void remember(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve(FILE), port + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE), e);
        }
    }
}

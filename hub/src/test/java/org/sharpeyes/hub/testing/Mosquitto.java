package org.sharpeyes.hub.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the test's own on a free port, configured as the README tells operators to for the hub: unlimited
 * queue for a persistent session that falls behind, 1000 messages in flight, persistence on, so a restart keeps the
 * hub's queued messages. Skipped by name when Mosquitto is not installed (scripts/test-deps.sh installs it).
 */
public final class Mosquitto implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    private Mosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static Mosquitto start(Path dir) throws IOException {
        return start(dir, "persistence true\npersistence_location " + dir + "/\nmax_queued_messages 0\n"
                + "max_queued_bytes 0\nmax_inflight_messages 1000\n");
    }

    /**
     * One with Mosquitto's own defaults, as a site might leave it: no persistence, 1000 messages queued per session.
     */
    public static Mosquitto startWithDefaults(Path dir) throws IOException {
        return start(dir, "");
    }

    private static Mosquitto start(Path dir, String settings) throws IOException {
        Rtsp.assumeInstalled("/usr/sbin/mosquitto", "-h", false);
        Files.createDirectories(dir);
        int port = freePort();
        // Started as root, Mosquitto drops to its own user, which cannot write a test's directory: stay who we are.
        Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\n"
                + "user " + System.getProperty("user.name") + "\nallow_anonymous true\n" + settings
                + "log_dest file " + dir.resolve("mosquitto.log") + "\n");
        Mosquitto broker = new Mosquitto(dir, port);
        broker.launch();
        return broker;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private void launch() throws IOException {
        process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(this::listening);
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new AssertionError("mosquitto exited: " + read("stdout.log") + read("mosquitto.log"));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops it the orderly way (SIGTERM, so it saves its sessions) and starts it again on the same port. */
    public void restart() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("mosquitto did not stop within 10 s");
        }
        launch();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    private String read(String name) {
        try {
            Path file = dir.resolve(name);
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

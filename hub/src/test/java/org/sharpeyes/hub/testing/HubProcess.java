package org.sharpeyes.hub.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/hub …} (the launcher, which becomes {@code java -jar hub.jar}, keeping its process id) as a separate
 * process. Its output goes to a file rather than a pipe, so nothing the process wrote while stopping is lost to a pipe
 * closed at exit.
 */
public final class HubProcess implements AutoCloseable {

    private static final Pattern HTTP_LINE = Pattern.compile("HTTP:\\s+(http://\\S+?)/\\s");

    private final Process process;
    private final Path log;

    private HubProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar named by the {@code hub.jar} system property with {@code args}, as the README does: through the
     * launcher ({@code bin/hub}, or the {@code hub.launcher} property) with its JVM settings, on this test's Java.
     */
    public static HubProcess start(String... args) {
        List<String> command = new ArrayList<>(List.of(System.getProperty("hub.launcher", "../bin/hub")));
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("hub-process", ".log");
            log.toFile().deleteOnExit();
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("HUB_JAR", System.getProperty("hub.jar", "target/hub.jar"));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().remove("HUB_JAVA_OPTS");
            Process process = builder.start();
            return new HubProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL the hub printed once it was up. */
    public String awaitHttpBase(Duration timeout) {
        String[] base = new String[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            Matcher m = HTTP_LINE.matcher(output());
            if (m.find()) {
                base[0] = m.group(1);
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the hub exited with " + process.exitValue() + ":\n" + output());
            }
            return false;
        });
        return base[0];
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the hub did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

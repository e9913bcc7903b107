package org.sharpeyes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code hub.jar} process on loopback for a benchmark, with its addresses, an admin login and /proc readings. */
final class BenchHub implements AutoCloseable {

    static final String ADMIN_PASSWORD = "bench-admin-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HTTP_LINE = Pattern.compile("HTTP:\\s+(http://\\S+?)/\\s");
    private static final Pattern RTSP_LINE = Pattern.compile("RTSP:\\s+rtsp://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern SIP_LINE = Pattern.compile("GB/T 28181: SIP on \\S+:(\\d+) ");

    private final Process process;
    private final Path dir;
    private int sipPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;
    private int rtspPort;
    private final java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);

    private BenchHub(Process process, Path dir) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts {@code jar} on a fresh data folder with {@code extra} arguments, as the README does (through
     * {@code bin/hub}, with its JVM settings), and waits until it is up; the environment variable
     * {@code BENCH_HUB_JVM_ARGS} adds JVM options after the launcher's (a profiler, other heap settings).
     */
    static BenchHub start(Path jar, String... extra) throws IOException {
        Path dir = Files.createTempDirectory("bench-hub");
        List<String> command = new ArrayList<>(List.of("bin/hub", "--http.port=0", "--rtsp.port=0", "--sip.port=0",
                "--mqtt.port=0", "--http.host=127.0.0.1", "--media.probeIntervalSeconds=0", "--data.dir=" + dir,
                "--auth.adminPassword=" + ADMIN_PASSWORD));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HUB_JAR", jar.toAbsolutePath().toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("HUB_JAVA_OPTS", System.getenv().getOrDefault("BENCH_HUB_JVM_ARGS", "").strip());
        BenchHub hub = new BenchHub(builder.start(), dir);
        hub.awaitUp(dir.resolve("hub.log"));
        return hub;
    }

    private void awaitUp(Path log) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
            noteSubscribed(line);
            Matcher rtsp = RTSP_LINE.matcher(line);
            if (rtsp.find()) {
                rtspPort = Integer.parseInt(rtsp.group(1));
            }
            Matcher sip = SIP_LINE.matcher(line);
            if (sip.find()) {
                sipPort = Integer.parseInt(sip.group(1));
            }
            Matcher m = HTTP_LINE.matcher(line + " ");
            if (m.find()) {
                base = m.group(1);
            }
            if (base != null && rtspPort > 0) {
                System.out.println("hub log: " + log);
                Thread drain = new Thread(() -> drain(out, log, this::noteSubscribed), "hub-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IllegalStateException("the hub exited before it was up:\n" + seen);
    }

    /** Keeps the hub's log beside its data, for reading after a run; it is not part of the figures. */
    private static void drain(BufferedReader out, Path log, java.util.function.Consumer<String> watcher) {
        try (var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                watcher.accept(line);
                writer.write(line);
                writer.newLine();
            }
        } catch (IOException closedAtExit) {
            // the pipe closes when the hub stops
        }
    }

    String base() {
        return base;
    }

    /** The hub's GB/T 28181 SIP port (UDP and TCP). */
    int sipPort() {
        return sipPort;
    }

    int rtspPort() {
        return rtspPort;
    }

    long pid() {
        return process.pid();
    }

    String login(String username, String password) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(
                        JSON.writeValueAsBytes(Map.of("username", username, "password", password))))).get("token")
                .asText();
    }

    JsonNode post(String token, String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    JsonNode get(String token, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET());
    }

    JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("the hub answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    /** CPU seconds the hub process has used (user + system). */
    double cpuSeconds() throws IOException {
        return cpuSeconds(pid());
    }

    /**
     * With {@code BENCH_PROFILE} naming async-profiler's libasyncProfiler.so, runs {@code command} in the hub
     * (loaded into it through jcmd, so it runs only while a round is measured): {@code start,event=cpu} or
     * {@code stop,file=…,collapsed}. Without it, nothing.
     */
    /**
     * What the profiler samples: {@code BENCH_PROFILE_EVENT}, else {@code cpu} (perf events, with the kernel's own
     * frames, where the machine allows them; async-profiler falls back by itself where it does not).
     */
    static String profilerEvent() {
        String event = System.getenv("BENCH_PROFILE_EVENT");
        return event == null || event.isBlank() ? "cpu" : event;
    }

    static void profiler(long pid, String command) throws IOException, InterruptedException {
        String library = System.getenv("BENCH_PROFILE");
        if (library == null || library.isBlank()) {
            return;
        }
        // Quoted, or jcmd takes the option's '=' for one of its own name=value arguments.
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "JVMTI.agent_load", library, "\"" + command
                + "\"")
                .redirectErrorStream(true).start();
        String said = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0 || said.contains("rror")) {
            System.out.println("profiler: " + command + ": " + said.strip());
        }
    }

    /** CPU seconds a process has used (user + system), from /proc. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** Peak resident memory of the hub in MiB (VmHWM). */
    double peakRssMib() throws IOException {
        return memoryMib(pid(), "VmHWM:");
    }

    /** A memory line of a process's /proc status in MiB: {@code VmRSS:} (now) or {@code VmHWM:} (peak). */
    static double memoryMib(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return 0;
    }

    private void noteSubscribed(String line) {
        if (line.contains("MQTT: subscribed")) {
            subscribed.countDown();
        }
    }

    /** Waits until the hub's MQTT client has logged its subscriptions, so nothing published is missed. */
    void awaitMqttSubscribed() throws InterruptedException {
        if (!subscribed.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the hub did not subscribe to its MQTT topics within 60 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
        // An event run leaves gigabytes of database behind: the next runs would fill the disk.
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}

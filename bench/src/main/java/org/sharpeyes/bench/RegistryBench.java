package org.sharpeyes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load harness for the point registry against a real {@code hub.jar} process on loopback: start-up time with and
 * without {@code --demo}, importing 100,000 points through the API, and the latency of a township's point list at
 * that size. Prints one line per figure; stops by itself.
 */
public final class RegistryBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HTTP_LINE = Pattern.compile("HTTP:\\s+(http://\\S+?)/\\s");
    private static final String ADMIN_PASSWORD = "bench-admin-1";

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path jar;

    private RegistryBench(Path jar) {
        this.jar = jar;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "hub/target/hub.jar");
        int points = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        new RegistryBench(jar).run(points);
    }

    private void run(int points) throws Exception {
        for (int i = 1; i <= 3; i++) {
            System.out.printf("start-up, empty database, run %d: %d ms%n", i, startupMillis(false));
        }
        for (int i = 1; i <= 2; i++) {
            System.out.printf("start-up with --demo (loads %s), run %d: %d ms%n", "the demo county", i,
                    startupMillis(true));
        }
        Path dir = Files.createTempDirectory("registry-bench");
        Process hub = start(dir, false);
        try {
            String base = awaitBase(hub);
            String token = login(base);
            List<String[]> villages = registerRegions(base, token);
            byte[] csv = csv(villages, points);
            long started = System.nanoTime();
            JsonNode report = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/points/import"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                    .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofByteArray(csv)));
            long importMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf("import %d points (%.1f MB CSV) through POST /api/v1/points/import: %d ms, "
                    + "imported %d, rejected %d (%.0f points/s)%n", points, csv.length / 1e6, importMillis,
                    report.get("imported").asInt(), report.get("rejected").size(),
                    report.get("imported").asInt() * 1000.0 / importMillis);
            latency(base, token, "/api/v1/points?region=510122001", 200, 2_000);
            latency(base, token, "/api/v1/points?region=510122017&page=20&size=50", 200, 2_000);
            latency(base, token, "/api/v1/regions/510122/stats", 20, 200);
        } finally {
            stop(hub);
        }
    }

    private long startupMillis(boolean demo) throws Exception {
        Path dir = Files.createTempDirectory("registry-bench-start");
        long started = System.nanoTime();
        Process hub = start(dir, demo);
        try {
            awaitBase(hub);
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        } finally {
            stop(hub);
        }
    }

    private Process start(Path dir, boolean demo) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "--http.port=0", "--http.host=127.0.0.1", "--data.dir=" + dir,
                "--auth.adminPassword=" + ADMIN_PASSWORD));
        if (demo) {
            command.add("--demo");
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the hub's output until it prints its HTTP address, then keeps draining it so the hub never blocks. */
    private static String awaitBase(Process hub) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
            Matcher m = HTTP_LINE.matcher(line + " ");
            if (m.find()) {
                Thread drain = new Thread(() -> drain(out), "hub-output");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new IllegalStateException("the hub exited before it was up:\n" + seen);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the hub's log is not part of the figures
            }
        } catch (IOException closedAtExit) {
            // the pipe closes when the hub stops
        }
    }

    private static void stop(Process hub) throws InterruptedException {
        hub.destroy();
        if (!hub.waitFor(15, TimeUnit.SECONDS)) {
            hub.destroyForcibly();
        }
    }

    private String login(String base) throws Exception {
        byte[] body = JSON.writeValueAsBytes(Map.of("username", "admin", "password", ADMIN_PASSWORD));
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)))
                .get("token").asText();
    }

    /** Registers the demo county's regions through the API; returns the villages as {code, township digits}. */
    private List<String[]> registerRegions(String base, String token) throws Exception {
        List<String[]> villages = new ArrayList<>();
        List<String> lines;
        try (InputStream in = RegistryBench.class.getResourceAsStream("/seeds/demo-county/regions.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
        }
        for (String line : lines) {
            String[] f = line.split(",", -1);
            Map<String, Object> region = new java.util.HashMap<>(Map.of("code", f[0], "name", f[1], "kind", f[2]));
            region.put("parent", f[3].isEmpty() ? null : f[3]);
            send(HttpRequest.newBuilder(URI.create(base + "/api/v1/regions")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(region))));
            if (f[2].equals("VILLAGE")) {
                villages.add(new String[] {f[0], f[0].substring(7, 9)});
            }
        }
        return villages;
    }

    /** {@code count} camera rows spread over the villages, with credentials and serials like a real sheet. */
    private static byte[] csv(List<String[]> villages, int count) {
        StringBuilder csv = new StringBuilder(
                "code,name,type,region,source,lat,lon,streamUrl,onvifUrl,username,password,vendor,installedAt,serial\n");
        for (int i = 0; i < count; i++) {
            String[] village = villages.get(i % villages.size());
            String code = "510122" + village[1] + "04" + "131" + "8" + String.format("%06d", i);
            csv.append(code).append(",慧眼摄像机").append(i).append(",CAMERA,").append(village[0])
                    .append(",WISE_EYE,30.5,103.9,rtsp://127.0.0.1:8654/").append(code)
                    .append(",,admin,pw-").append(i).append(",EZVIZ,2023-04-01,SN").append(i).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void latency(String base, String token, String path, int warmup, int requests) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .GET().build();
        for (int i = 0; i < warmup; i++) {
            http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        long[] nanos = new long[requests];
        int bytes = 0;
        for (int i = 0; i < requests; i++) {
            long started = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - started;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            bytes = response.body().length;
        }
        Arrays.sort(nanos);
        System.out.printf("GET %s (%d B): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms over %d requests%n",
                path, bytes, nanos[requests / 2] / 1e6, nanos[requests * 95 / 100] / 1e6,
                nanos[requests * 99 / 100] / 1e6, nanos[requests - 1] / 1e6, requests);
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("the hub answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }
}

package org.sharpeyes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Load harness for the point registry against a real {@code hub.jar} process on loopback: start-up time with and
 * without {@code --demo}, importing 100,000 points through the API, and the latency of a township's point list at
 * that size. Prints one line per figure; stops by itself.
 */
public final class RegistryBench {

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
            System.out.printf("start-up, empty database, run %d: %d ms%n", i, startupMillis());
        }
        for (int i = 1; i <= 2; i++) {
            System.out.printf("start-up with --demo (loads the demo county), run %d: %d ms%n", i,
                    startupMillis("--demo", "--demo.cameras=false"));
        }
        try (BenchHub hub = BenchHub.start(jar)) {
            String base = hub.base();
            String token = hub.login("admin", BenchHub.ADMIN_PASSWORD);
            List<String[]> villages = registerRegions(hub, token);
            byte[] csv = csv(villages, points);
            long started = System.nanoTime();
            JsonNode report = hub.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/points/import"))
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
        }
    }

    private long startupMillis(String... extra) throws Exception {
        long started = System.nanoTime();
        try (BenchHub hub = BenchHub.start(jar, extra)) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        }
    }

    /** Registers the demo county's regions through the API; returns the villages as {code, township digits}. */
    private static List<String[]> registerRegions(BenchHub hub, String token) throws Exception {
        List<String[]> villages = new ArrayList<>();
        List<String> lines;
        try (InputStream in = RegistryBench.class.getResourceAsStream("/seeds/demo-county/regions.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
        }
        for (String line : lines) {
            String[] f = line.split(",", -1);
            Map<String, Object> region = new java.util.HashMap<>(Map.of("code", f[0], "name", f[1], "kind", f[2]));
            region.put("parent", f[3].isEmpty() ? null : f[3]);
            hub.post(token, "/api/v1/regions", region);
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
}

package org.sharpeyes.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The cost of cameras that nobody watches: a hub of its own sweeps COUNT camera points on the simulator every
 * {@value #INTERVAL} s (an RTSP OPTIONS each, as it asks every camera, with no pull and no picture encoded by the
 * camera), its CPU measured idle before the points exist and then over whole sweeps. Reports what one probe costs and
 * what one such camera costs at the default sweep period of five minutes.
 */
final class ProbeRound {

    private static final int INTERVAL = 20;
    private static final int DEFAULT_INTERVAL = 300;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ProbeRound() {
    }

    static void run(Path jar, String camera, int count) throws Exception {
        try (BenchHub hub = BenchHub.start(jar, "--media.probeIntervalSeconds=" + INTERVAL)) {
            String token = hub.login("admin", BenchHub.ADMIN_PASSWORD);
            FanOutBench.region(hub, token);
            // Past the start's own work (first sweeps of nothing, the JIT's first pass) before the idle figure.
            TimeUnit.SECONDS.sleep(20);
            double idle = cpuOver(hub, 10);
            for (int i = 1; i <= count; i++) {
                FanOutBench.point(hub, token, camera, 500_000 + i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (probes(hub, "") < count) {
                if (System.nanoTime() > deadline) {
                    System.out.printf("hub, %d cameras probed: FAILED: %d probes in 180 s%n", count, probes(hub, ""));
                    return;
                }
                TimeUnit.SECONDS.sleep(1);
            }
            long before = probes(hub, "");
            long onlineBefore = probes(hub, "online");
            long start = System.nanoTime();
            double cpu = cpuOver(hub, 2 * INTERVAL);
            double wall = (System.nanoTime() - start) / 1e9;
            long done = probes(hub, "") - before;
            long online = probes(hub, "online") - onlineBefore;
            double perSecond = done / wall;
            double perProbe = perSecond > 0 ? (cpu - idle) / perSecond : Double.NaN;
            System.out.printf("hub, %d cameras probed every %d s, no viewers: CPU %.3f s/s (the same hub idle before "
                    + "its points existed: %.3f s/s), RSS %.0f MiB, %.1f probes/s, %d of %d answered, %.2f ms of CPU "
                    + "per probe%n", count, INTERVAL, cpu, idle, BenchHub.memoryMib(hub.pid(), "VmRSS:"), perSecond,
                    online, done, perProbe * 1e3);
            System.out.printf("  per camera only probed, at the default %d s period: %.7f s/s%n", DEFAULT_INTERVAL,
                    perProbe / DEFAULT_INTERVAL);
        }
    }

    private static double cpuOver(BenchHub hub, int seconds) throws Exception {
        double before = hub.cpuSeconds();
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        return (hub.cpuSeconds() - before) / ((System.nanoTime() - start) / 1e9);
    }

    /** The hub's probe counter from /metrics: those with {@code outcome}, or all when it is empty. */
    private static long probes(BenchHub hub, String outcome) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(hub.base() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("hub_media_probes_total{") && line.contains("outcome=\"" + outcome)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }
}

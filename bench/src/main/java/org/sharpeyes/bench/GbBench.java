package org.sharpeyes.bench;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.sim.gb28181.GbDeviceSimulator;

/**
 * GB/T 28181 registration at county scale: {@code DEVICES} simulated cameras (each its own UDP socket, as many
 * devices are) register with digest with at most a hundred registrations in flight, each then sends a keepalive
 * every {@code KEEPALIVE} seconds and answers the catalog query, its channel becoming a point. Reports how long
 * registering all took and the hub's CPU over it, then the hub's CPU s/s and resident memory over {@code SECONDS} of
 * keepalives, and how many devices the hub counts online. Stops by itself.
 */
public final class GbBench {

    private static final String HUB_ID = "51012200002000000001";
    private static final String PASSWORD = "bench-gb-1";
    private static final int IN_FLIGHT = 100;

    private GbBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "hub/target/hub.jar");
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int keepalive = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        EventLoopGroup loops = Transport.loops(2);
        List<GbDeviceSimulator> simulated = new ArrayList<>();
        try (BenchHub hub = BenchHub.start(jar, "--sip.host=127.0.0.1", "--sip.id=" + HUB_ID,
                "--sip.password=" + PASSWORD, "--sip.keepaliveSeconds=" + keepalive)) {
            String token = hub.login("admin", BenchHub.ADMIN_PASSWORD);
            hub.post(token, "/api/v1/regions", Map.of("code", "510122", "name", "bench", "kind", "COUNTY"));
            Map<String, Object> township = new HashMap<>(Map.of("code", "510122001", "name", "bench-town",
                    "kind", "TOWNSHIP", "parent", "510122"));
            hub.post(token, "/api/v1/regions", township);
            InetSocketAddress sip = new InetSocketAddress("127.0.0.1", hub.sipPort());
            double idleCpu = hub.cpuSeconds();
            long start = System.nanoTime();
            Semaphore slots = new Semaphore(IN_FLIGHT);
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            List<CompletableFuture<Integer>> all = new ArrayList<>();
            for (int i = 1; i <= devices; i++) {
                String id = "5101220100132" + "0" + String.format("%06d", i);
                GbDeviceSimulator device = new GbDeviceSimulator(loops, sip, HUB_ID, new GbDeviceSimulator.Options(id,
                        PASSWORD, 0, "51012201", keepalive, 1));
                device.start();
                simulated.add(device);
                slots.acquire();
                all.add(device.register(3600).whenComplete((status, error) -> {
                    slots.release();
                    if (error == null && status == 200) {
                        accepted.incrementAndGet();
                        device.startKeepalives();
                    } else {
                        refused.incrementAndGet();
                    }
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(10,
                    TimeUnit.MINUTES);
            double registering = (System.nanoTime() - start) / 1e9;
            double registerCpu = hub.cpuSeconds() - idleCpu;
            System.out.printf("%d devices registered in %.1f s (%.0f/s, %d refused or unanswered), hub CPU %.2f s "
                    + "(%.2f ms per registration with its catalog), RSS %.0f MiB%n", accepted.get(), registering,
                    accepted.get() / registering, refused.get(), registerCpu, registerCpu * 1000 / Math.max(1,
                            accepted.get()), BenchHub.memoryMib(hub.pid(), "VmRSS:"));
            TimeUnit.SECONDS.sleep(Math.min(10, seconds));
            double cpuBefore = hub.cpuSeconds();
            long keepStart = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            double wall = (System.nanoTime() - keepStart) / 1e9;
            double cpu = (hub.cpuSeconds() - cpuBefore) / wall;
            long sent = simulated.stream().mapToLong(GbDeviceSimulator::keepalivesSent).sum();
            String online = hub.get(token, "/api/v1/regions/510122/stats").toString();
            System.out.printf("keepalives for %.0f s (%d devices, one every %d s each, %.0f/s): hub CPU %.4f s/s, "
                    + "RSS %.0f MiB (peak %.0f); keepalives sent %d; the county's point stats: %s%n", wall,
                    accepted.get(), keepalive, accepted.get() / (double) keepalive, cpu,
                    BenchHub.memoryMib(hub.pid(), "VmRSS:"), BenchHub.memoryMib(hub.pid(), "VmHWM:"), sent, online);
        } finally {
            simulated.forEach(GbDeviceSimulator::close);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}

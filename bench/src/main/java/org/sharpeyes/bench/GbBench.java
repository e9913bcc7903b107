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
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;
import org.sharpeyes.sim.gb28181.GbDeviceSimulator;
import org.sharpeyes.sim.viewer.RtspViewer;

/**
 * GB/T 28181 registration at county scale: {@code DEVICES} simulated cameras (each its own UDP socket, as many
 * devices are) register with digest with at most a hundred registrations in flight, each then sends a keepalive
 * every {@code KEEPALIVE} seconds and answers the catalog query, its channel becoming a point. Reports how long
 * registering all took and the hub's CPU over it, then the hub's CPU s/s and resident memory over {@code SECONDS} of
 * keepalives, and how many devices the hub counts online. Then, unless STREAMS is 0, live streams: an NVR of STREAMS
 * channels plays the camera simulator's 720p25 2 Mbit/s picture as PS over RTP to the hub, one RTSP reader each, and
 * the hub's CPU per stream is set against the same pictures pulled over RTSP from the camera simulator (points whose
 * stream address is the simulator's URL for the same channel code), read the same way. Stops by itself.
 */
public final class GbBench {

    private static final String HUB_ID = "51012200002000000001";
    private static final String PASSWORD = "bench-gb-1";
    private static final int IN_FLIGHT = 100;

    private GbBench() {
    }

    /** GB/T 28181 live streams against the same pictures over RTSP, one reader each, CPU per stream. */
    private static void streams(BenchHub hub, String token, InetSocketAddress sip, EventLoopGroup loops, int count,
            int keepalive) throws Exception {
        CameraServer cameras = new CameraServer(new CameraSettings(1280, 720, 25, 2_000_000, 50, null, null, 100,
                true));
        int cameraPort = cameras.start("127.0.0.1", 0).getPort();
        try (GbDeviceSimulator nvr = new GbDeviceSimulator(loops, sip, HUB_ID, new GbDeviceSimulator.Options(
                "51012200001180000001", PASSWORD, count, "51012201", keepalive, 20)).withCamera(cameras,
                VideoCodec.H264)) {
            nvr.start();
            if (nvr.register(3600).get(40, TimeUnit.SECONDS) != 200) {
                System.out.println("streams: the NVR could not register; skipped");
                return;
            }
            nvr.startKeepalives();
            List<String> gb = new ArrayList<>();
            List<String> rtsp = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String channel = nvr.channelId(i);
                gb.add(channel);
                String code = "51012201011320" + String.format("%06d", 900_000 + i);
                hub.post(token, "/api/v1/points", Map.of("code", code, "name", "bench rtsp " + i, "type", "CAMERA",
                        "region", "510122001", "source", "SHARP_EYES", "streamUrl", "rtsp://127.0.0.1:" + cameraPort
                        + "/" + channel));
                rtsp.add(code);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!registered(hub, token, gb.get(count - 1)) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            // The simulator records each channel's loop on its first play; that is not what is measured.
            // Recording takes about a second of both cores per channel at 720p: the warm-up may wait that long.
            double warm = round(hub, token, gb, loops, "warm-up (recording the simulator's loops)", 60 + 3L * count);
            double overGb = round(hub, token, gb, loops, "GB/T 28181 (PS over RTP/UDP)", 120);
            double overRtsp = round(hub, token, rtsp, loops, "RTSP pulls of the same pictures", 120);
            System.out.printf("%d streams, one RTSP reader each: hub CPU per stream %.4f s/s over GB/T 28181, %.4f "
                    + "s/s over RTSP (%.2fx); warm-up %.4f%n", count, overGb / count, overRtsp / count,
                    overGb / overRtsp, warm / count);
        } finally {
            cameras.close();
        }
    }

    /** Whether the NVR's catalog has made {@code code} a point yet. */
    private static boolean registered(BenchHub hub, String token, String code) throws Exception {
        try {
            hub.get(token, "/api/v1/points/" + code);
            return true;
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    /** Reads each point with one RTSP viewer for 20 s once all play; returns the hub's CPU s/s. */
    private static double round(BenchHub hub, String token, List<String> codes, EventLoopGroup loops, String label,
            long waitSeconds) throws Exception {
        List<RtspViewer> viewers = new ArrayList<>();
        try {
            for (String code : codes) {
                RtspViewer viewer = new RtspViewer(java.net.URI.create("rtsp://127.0.0.1:" + hub.rtspPort()
                        + "/live/" + code + "?token=" + token));
                viewers.add(viewer);
                viewer.start(loops);
            }
            for (RtspViewer viewer : viewers) {
                viewer.firstKeyFrameNanos().get(waitSeconds, TimeUnit.SECONDS);
            }
            long[] before = viewers.stream().mapToLong(RtspViewer::pictures).toArray();
            double cpuBefore = hub.cpuSeconds();
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(20);
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = (hub.cpuSeconds() - cpuBefore) / wall;
            double least = Double.MAX_VALUE;
            long lost = 0;
            for (int i = 0; i < viewers.size(); i++) {
                least = Math.min(least, (viewers.get(i).pictures() - before[i]) / (25 * wall));
                lost += viewers.get(i).lost();
            }
            System.out.printf("%s: %d streams, hub CPU %.3f s/s, RSS %.0f MiB, pictures per reader min %.4f of "
                    + "those sent, lost RTP to readers %d%n", label, codes.size(), cpu, BenchHub.memoryMib(hub.pid(),
                    "VmRSS:"), least, lost);
            return cpu;
        } finally {
            viewers.forEach(RtspViewer::close);
            TimeUnit.SECONDS.sleep(5);
        }
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "hub/target/hub.jar");
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int keepalive = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int streams = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        EventLoopGroup loops = Transport.loops(2);
        List<GbDeviceSimulator> simulated = new ArrayList<>();
        try (BenchHub hub = BenchHub.start(jar, "--sip.host=127.0.0.1", "--sip.id=" + HUB_ID,
                "--sip.password=" + PASSWORD, "--sip.keepaliveSeconds=" + keepalive, "--media.idleCloseSeconds=2")) {
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
            if (streams > 0) {
                streams(hub, token, sip, loops, streams, keepalive);
            }
        } finally {
            simulated.forEach(GbDeviceSimulator::close);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}

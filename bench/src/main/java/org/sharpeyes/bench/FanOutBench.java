package org.sharpeyes.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;
import org.sharpeyes.sim.viewer.FlvViewer;
import org.sharpeyes.sim.viewer.RtspViewer;
import org.sharpeyes.sim.viewer.StreamViewer;

/**
 * Fan-out harness: a 1280x720, 25 fps, 2 Mbit/s H.264 camera with a GOP of 50 and one with a GOP of 250 (the
 * simulator replaying a recorded loop of grainy pictures, so the encoder really spends its bitrate and encoding costs
 * nothing during the run) pulled by a real {@code hub.jar} process and read by N RTSP/TCP viewers held in this
 * process. Reports hub CPU seconds per second, peak RSS, pictures per viewer against pictures sent, lost RTP packets,
 * time to the first key frame (cold: the viewer that opened the path; warm: the ones that joined a live one, mid-GOP),
 * and how busy the whole machine was. Stops by itself.
 */
public final class FanOutBench {

    private static final int SECONDS = 20;
    private static final int FPS = 25;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "hub/target/hub.jar");
        int[] readers = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 50, 200};
        int[] gops = args.length > 2 ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {50, 250};
        int sources = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        EventLoopGroup viewerLoops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<CameraServer> cameras = new ArrayList<>();
        try (BenchHub hub = BenchHub.start(jar)) {
            String admin = hub.login("admin", BenchHub.ADMIN_PASSWORD);
            region(hub, admin);
            int serial = 0;
            int firstPort = 0;
            for (int gop : gops) {
                CameraServer server = new CameraServer(new CameraSettings(1280, 720, FPS, 2_000_000, gop, null, null,
                        gop * Math.max(1, 100 / gop), true));
                cameras.add(server);
                int cameraPort = server.start("127.0.0.1", 0).getPort();
                firstPort = firstPort == 0 ? cameraPort : firstPort;
                for (int n : readers) {
                    String code = point(hub, admin, cameraPort, ++serial);
                    round(hub, admin, List.of(code), n, viewerLoops, "GOP " + gop + ", 1 source, " + n + " readers",
                            RtspViewer::new, false);
                }
                int most = Arrays.stream(readers).max().orElse(1);
                round(hub, admin, List.of(point(hub, admin, cameraPort, ++serial)), most, viewerLoops, "GOP " + gop
                        + ", 1 source, " + most + " HTTP-FLV readers", FlvViewer::new, true);
            }
            if (sources > 0) {
                List<String> many = new ArrayList<>();
                for (int i = 0; i < sources; i++) {
                    many.add(point(hub, admin, firstPort, 1_000 + i));
                }
                round(hub, admin, many, 2, viewerLoops, "GOP " + gops[0] + ", " + sources + " sources, 2 readers each",
                        RtspViewer::new, false);
            }
        } finally {
            cameras.forEach(CameraServer::close);
            viewerLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void round(BenchHub hub, String token, List<String> codes, int perSource, EventLoopGroup loops,
            String label, Function<URI, StreamViewer> viewer, boolean flv) throws Exception {
        List<StreamViewer> viewers = new ArrayList<>();
        List<CompletableFuture<String>> playing = new ArrayList<>();
        for (String code : codes) {
            URI url = URI.create(flv ? hub.base() + "/live/" + code + ".flv?token=" + token
                    : "rtsp://127.0.0.1:" + hub.rtspPort() + "/live/" + code + "?token=" + token);
            for (int i = 0; i < perSource; i++) {
                StreamViewer one = viewer.apply(url);
                viewers.add(one);
                playing.add(one.start(loops));
                // Viewers arrive one after another, as operators do: the first opens the path (cold), the others
                // join a live one (warm), wherever in the group of pictures it stands.
                playing.get(playing.size() - 1).get(30, TimeUnit.SECONDS);
                one.firstKeyFrameNanos().get(30, TimeUnit.SECONDS);
                if (i == 0 && perSource > 1) {
                    TimeUnit.MILLISECONDS.sleep(1_500);
                }
            }
        }
        for (CompletableFuture<String> p : playing) {
            p.get(60, TimeUnit.SECONDS);
        }
        long[] start = viewers.stream().mapToLong(StreamViewer::pictures).toArray();
        double cpuBefore = hub.cpuSeconds();
        long[] machineBefore = machineTicks();
        long wallStart = System.nanoTime();
        TimeUnit.SECONDS.sleep(SECONDS);
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double cpu = hub.cpuSeconds() - cpuBefore;
        long[] machineAfter = machineTicks();
        double expected = FPS * wall;
        double minRatio = Double.MAX_VALUE;
        double sumRatio = 0;
        long lost = 0;
        for (int i = 0; i < viewers.size(); i++) {
            double ratio = (viewers.get(i).pictures() - start[i]) / expected;
            minRatio = Math.min(minRatio, ratio);
            sumRatio += ratio;
            lost += viewers.get(i).lost();
        }
        List<Long> cold = new ArrayList<>();
        List<Long> warm = new ArrayList<>();
        for (int i = 0; i < viewers.size(); i++) {
            long nanos = viewers.get(i).firstKeyFrameNanos().getNow(-1L);
            (i % perSource == 0 ? cold : warm).add(nanos);
        }
        double busy = 1.0 - (double) (machineAfter[1] - machineBefore[1]) / (machineAfter[0] - machineBefore[0]);
        System.out.printf("%s: hub CPU %.3f s/s, peak RSS %.0f MiB, pictures per reader min %.4f avg %.4f of "
                + "%.0f sent, lost RTP %d, first key frame after PLAY: cold p50 %s, warm p50 %s p95 %s, machine busy "
                + "%.0f%%%n", label, cpu / wall, hub.peakRssMib(), minRatio, sumRatio / viewers.size(), expected, lost,
                millis(cold, 50), millis(warm, 50), millis(warm, 95), busy * 100);
        viewers.forEach(StreamViewer::close);
        TimeUnit.SECONDS.sleep(2);
    }

    private static String millis(List<Long> nanos, int percentile) {
        List<Long> known = nanos.stream().filter(n -> n >= 0).sorted().toList();
        if (known.isEmpty()) {
            return "-";
        }
        return String.format("%.1f ms", known.get(Math.min(known.size() - 1, known.size() * percentile / 100)) / 1e6);
    }

    /** Total and idle jiffies of the whole machine. */
    private static long[] machineTicks() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length; i++) {
            total += Long.parseLong(cpu[i]);
        }
        return new long[] {total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])};
    }

    private static void region(BenchHub hub, String token) throws Exception {
        hub.post(token, "/api/v1/regions", Map.of("code", "510122", "name", "bench", "kind", "COUNTY"));
        Map<String, Object> township = new HashMap<>(Map.of("code", "510122001", "name", "bench-town",
                "kind", "TOWNSHIP", "parent", "510122"));
        hub.post(token, "/api/v1/regions", township);
    }

    private static String point(BenchHub hub, String token, int cameraPort, int serial) throws Exception {
        String code = "51012201011320" + String.format("%06d", serial);
        hub.post(token, "/api/v1/points", Map.of("code", code, "name", "bench camera " + serial, "type", "CAMERA",
                "region", "510122001", "source", "SHARP_EYES", "streamUrl", "rtsp://127.0.0.1:" + cameraPort + "/"
                        + code));
        return code;
    }
}

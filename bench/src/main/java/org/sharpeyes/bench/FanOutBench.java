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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;
import org.sharpeyes.sim.viewer.FlvViewer;
import org.sharpeyes.sim.viewer.RtspViewer;
import org.sharpeyes.sim.viewer.StreamViewer;
import org.sharpeyes.sim.viewer.WebSocketViewer;

/**
 * Fan-out harness. First, against implementations no one here wrote: GStreamer's RTSP server playing a 1280x720,
 * 25 fps, 2 Mbit/s H.264 file with a GOP of 50 as the camera, and, for each N, the hub and GStreamer's relay
 * (gst-rtsp-server pulling that camera once, shared) each read by N RTSP/TCP viewers, side by side with the ratio of
 * their CPU. Then the camera simulator (a recorded loop of grainy pictures, so encoding costs nothing during the run)
 * with each GOP, and many cameras at once. At N = 200 and at the largest N the hub's browser streams (HTTP-FLV,
 * WebSocket-FLV, WebSocket fragmented MP4) are read by as many viewers, against its RTSP figure. Each round reports
 * CPU seconds per second of the relay process, its resident memory (now and peak), pictures per viewer against
 * pictures sent, lost RTP packets, time to the first key frame (cold: the viewer that opened the path; warm: the ones
 * that joined a live one, mid-GOP), and how busy the whole machine was. Last, in a hub of its own, the cost of cameras
 * that nobody watches and that the status sweep only asks whether they answer ({@link ProbeRound}). Stops by itself.
 */
public final class FanOutBench {

    private static final int SECONDS = 20;
    private static final int FPS = 25;
    /** The simulator's point whose loop is recorded before the rounds, and which the many-camera rounds share. */
    private static final String RECORDED = "51012201011329999999";
    private static final int SUB_STREAM_BPS = 512_000;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "hub/target/hub.jar");
        int[] readers = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 50, 200, 1000};
        int[] gops = args.length > 2 ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {50, 250};
        int[] sources = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {100, 500};
        int probed = args.length > 4 ? Integer.parseInt(args[4]) : 1_000;
        int most = Arrays.stream(readers).max().orElse(1);
        EventLoopGroup viewerLoops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<CameraServer> cameras = new ArrayList<>();
        // Each round opens a path of its own; the last round's path must not keep pulling its camera (30 s by
        // default) into this round's figures.
        try (BenchHub hub = BenchHub.start(jar, "--media.idleCloseSeconds=1")) {
            Relay hubRelay = new HubRelay(hub, hub.login("admin", BenchHub.ADMIN_PASSWORD));
            region(hub, hubRelay.token());
            Serials serials = new Serials();
            againstGStreamer(hub, hubRelay, readers, serials, viewerLoops);
            int firstPort = 0;
            for (int gop : gops) {
                CameraServer server = new CameraServer(new CameraSettings(1280, 720, FPS, 2_000_000, gop, null, null,
                        gop * Math.max(1, 100 / gop), true));
                cameras.add(server);
                int cameraPort = server.start("127.0.0.1", 0).getPort();
                firstPort = firstPort == 0 ? cameraPort : firstPort;
                recordLoop(cameraPort, viewerLoops);
                for (int n : readers) {
                    String code = point(hub, hubRelay.token(), "rtsp://127.0.0.1:" + cameraPort, serials.next());
                    round(hubRelay, List.of(code), n, viewerLoops, "hub, simulator camera GOP " + gop + ", " + n
                            + " RTSP readers", Protocol.RTSP);
                }
                for (Protocol browser : Protocol.BROWSER) {
                    round(hubRelay, List.of(point(hub, hubRelay.token(), "rtsp://127.0.0.1:" + cameraPort,
                            serials.next())), most, viewerLoops, "hub, simulator camera GOP " + gop + ", " + most + " "
                            + browser.label + " readers", browser);
                }
            }
            for (int count : sources) {
                if (count <= 0 || firstPort == 0) {
                    continue;
                }
                // Beyond 100 cameras, the sub-streams a wall of many tiles pulls: 100 main streams of 2 Mbit/s are
                // already 200 Mbit/s in and 400 out, and 500 of them would take both cores with the harness alone.
                boolean sub = count > 100;
                int port = firstPort;
                if (sub) {
                    CameraServer subStreams = new CameraServer(new CameraSettings(1280, 720, FPS, SUB_STREAM_BPS,
                            gops[0], null, null, gops[0] * Math.max(1, 100 / gops[0]), true));
                    cameras.add(subStreams);
                    port = subStreams.start("127.0.0.1", 0).getPort();
                    recordLoop(port, viewerLoops);
                }
                List<String> many = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    // One recorded picture for all of them (the simulator records a loop per point code, seconds
                    // each), each pulled by the hub in an RTSP session of its own, as from cameras of their own.
                    many.add(point(hub, hubRelay.token(), "rtsp://127.0.0.1:" + port + "/" + RECORDED,
                            serials.next()));
                }
                int perSource = sub ? 1 : 2;
                Result result = round(hubRelay, many, perSource, viewerLoops, "hub, GOP " + gops[0] + ", " + count
                        + " cameras of " + (sub ? SUB_STREAM_BPS : 2_000_000) / 1000 + " kbit/s, " + perSource
                        + " readers each", Protocol.RTSP);
                System.out.printf("  per camera: %.4f s/s%n", result.cpuPerSecond() / count);
            }
            if (probed > 0 && firstPort != 0) {
                ProbeRound.run(jar, "rtsp://127.0.0.1:" + firstPort, probed);
            }
        } finally {
            cameras.forEach(CameraServer::close);
            viewerLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * Each N against the hub and GStreamer's relay, one after the other, from GStreamer's camera; skipped by name
     * when GStreamer or ffmpeg is missing ({@code scripts/bench-deps.sh} installs them).
     */
    private static void againstGStreamer(BenchHub hub, Relay hubRelay, int[] readers, Serials serials,
            EventLoopGroup loops) throws Exception {
        int most = Arrays.stream(readers).max().orElse(1);
        if (!GstRtspServer.available()) {
            System.out.println("skipped: hub against GStreamer's relay (no gst-rtsp-server for /usr/bin/python3; "
                    + "run scripts/bench-deps.sh)");
            return;
        }
        Path file = GstRtspServer.cameraFile(50);
        try (GstRtspServer camera = GstRtspServer.camera(file);
                GstRtspServer gst = GstRtspServer.relay(camera.url())) {
            Relay relay = new GstRelay(gst);
            for (int n : readers) {
                String code = point(hub, hubRelay.token(), camera.url().toString(), serials.next());
                Result ours = round(hubRelay, List.of(code), n, loops, "hub, GStreamer camera, " + n
                        + " RTSP readers", Protocol.RTSP);
                Result theirs = round(relay, List.of(code), n, loops, "GStreamer relay, GStreamer camera, " + n
                        + " RTSP readers", Protocol.RTSP);
                System.out.printf("  N = %d: hub CPU / GStreamer relay CPU = %.2f, RSS %.0f / %.0f MiB%n", n,
                        ours.cpuPerSecond() / theirs.cpuPerSecond(), ours.rssMib(), theirs.rssMib());
                if (n == 200 || n == most) {
                    for (Protocol browser : Protocol.BROWSER) {
                        Result read = round(hubRelay, List.of(point(hub, hubRelay.token(), camera.url().toString(),
                                serials.next())), n, loops, "hub, GStreamer camera, " + n + " " + browser.label
                                + " readers", browser);
                        System.out.printf("  N = %d: hub CPU with %s / with RTSP = %.2f%n", n, browser.label,
                                read.cpuPerSecond() / ours.cpuPerSecond());
                    }
                }
            }
        }
    }

    /**
     * Has the simulator record its loop now (seconds of encoding for a long GOP), so the hub's first pull of each
     * round finds a camera that answers at once, as a real one does.
     */
    private static void recordLoop(int cameraPort, EventLoopGroup loops) throws Exception {
        try (RtspViewer first = new RtspViewer(URI.create("rtsp://127.0.0.1:" + cameraPort + "/" + RECORDED))) {
            first.start(loops).get(120, TimeUnit.SECONDS);
            first.firstKeyFrameNanos().get(120, TimeUnit.SECONDS);
        }
    }

    /** A round, or its failure printed under its label (the other rounds still run). */
    private static Result round(Relay relay, List<String> codes, int perSource, EventLoopGroup loops, String label,
            Protocol protocol) throws Exception {
        List<StreamViewer> viewers = new ArrayList<>();
        try {
            return measure(relay, codes, perSource, loops, label, protocol, viewers);
        } catch (ExecutionException | TimeoutException e) {
            System.out.printf("%s: FAILED: %s%n", label, e.getCause() == null ? e : e.getCause());
            viewers.forEach(StreamViewer::close);
            TimeUnit.SECONDS.sleep(2);
            return new Result(Double.NaN, Double.NaN);
        }
    }

    private static Result measure(Relay relay, List<String> codes, int perSource, EventLoopGroup loops, String label,
            Protocol protocol, List<StreamViewer> viewers) throws Exception {
        List<CompletableFuture<String>> playing = new ArrayList<>();
        for (String code : codes) {
            URI url = relay.url(code, protocol);
            for (int i = 0; i < perSource; i++) {
                StreamViewer one = protocol.viewer.apply(url);
                viewers.add(one);
                playing.add(one.start(loops));
                // Viewers arrive one after another, as operators do: the first opens the path (cold), the others
                // join a live one (warm), wherever in the group of pictures it stands.
                // A relay without a cache makes each joiner wait for the next key frame, so the joiners after the
                // first are not waited for one by one (a thousand of them would take a quarter of an hour).
                // With one viewer per camera there are no joiners: every camera is opened at once, as a wall of
                // many tiles does, rather than one after another (the hub answers PLAY once the camera's first key
                // frame is in, so 500 cameras in a row would take a quarter of an hour).
                if (perSource == 1) {
                    continue;
                }
                playing.get(playing.size() - 1).get(30, TimeUnit.SECONDS);
                if (i == 0) {
                    one.firstKeyFrameNanos().get(30, TimeUnit.SECONDS);
                    TimeUnit.MILLISECONDS.sleep(1_500);
                }
            }
        }
        for (int i = 0; i < viewers.size(); i++) {
            playing.get(i).get(60, TimeUnit.SECONDS);
            viewers.get(i).firstKeyFrameNanos().get(30, TimeUnit.SECONDS);
        }
        long[] start = viewers.stream().mapToLong(StreamViewer::pictures).toArray();
        boolean profiled = relay instanceof HubRelay;
        if (profiled) {
            BenchHub.profiler(relay.pid(), "start,event=" + BenchHub.profilerEvent() + ",interval=1000000");
        }
        double cpuBefore = BenchHub.cpuSeconds(relay.pid());
        long[] machineBefore = machineTicks();
        long wallStart = System.nanoTime();
        TimeUnit.SECONDS.sleep(SECONDS);
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double cpu = (BenchHub.cpuSeconds(relay.pid()) - cpuBefore) / wall;
        if (profiled) {
            BenchHub.profiler(relay.pid(), "stop,collapsed,file=" + Path.of("bench/target/profile-" + label
                    .replaceAll("[^A-Za-z0-9]+", "-") + ".collapsed").toAbsolutePath());
        }
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
        double rss = BenchHub.memoryMib(relay.pid(), "VmRSS:");
        System.out.printf("%s: CPU %.3f s/s, RSS %.0f MiB (peak %.0f), pictures per reader min %.4f avg %.4f of %.0f "
                + "sent, lost RTP %d, first key frame after PLAY: cold p50 %s, warm p50 %s p95 %s, machine busy "
                + "%.0f%%%n", label, cpu, rss, BenchHub.memoryMib(relay.pid(), "VmHWM:"), minRatio,
                sumRatio / viewers.size(), expected, lost, millis(cold, 50), millis(warm, 50), millis(warm, 95),
                busy * 100);
        viewers.forEach(StreamViewer::close);
        TimeUnit.SECONDS.sleep(2);
        return new Result(cpu, rss);
    }

    /** What a round keeps for comparing two relays. */
    private record Result(double cpuPerSecond, double rssMib) {
    }

    /** How a round's viewers read: the URL's form on the hub and the viewer that plays it. */
    private enum Protocol {
        RTSP("RTSP", RtspViewer::new),
        HTTP_FLV("HTTP-FLV", FlvViewer::new),
        WS_FLV("WebSocket-FLV", WebSocketViewer::new),
        WS_MP4("WebSocket fMP4", WebSocketViewer::new);

        static final List<Protocol> BROWSER = List.of(HTTP_FLV, WS_FLV, WS_MP4);

        final String label;
        final Function<URI, StreamViewer> viewer;

        Protocol(String label, Function<URI, StreamViewer> viewer) {
            this.label = label;
            this.viewer = viewer;
        }
    }

    /** What a round reads from: the hub or GStreamer's relay. */
    private interface Relay {
        URI url(String code, Protocol protocol);

        long pid();

        default String token() {
            return "";
        }
    }

    private record HubRelay(BenchHub hub, String token) implements Relay {
        @Override
        public URI url(String code, Protocol protocol) {
            String ws = hub.base().replaceFirst("^http", "ws") + "/live/" + code;
            return URI.create(switch (protocol) {
                case RTSP -> "rtsp://127.0.0.1:" + hub.rtspPort() + "/live/" + code;
                case HTTP_FLV -> hub.base() + "/live/" + code + ".flv";
                case WS_FLV -> ws + ".flv";
                case WS_MP4 -> ws + ".mp4";
            } + "?token=" + token);
        }

        @Override
        public long pid() {
            return hub.pid();
        }
    }

    private record GstRelay(GstRtspServer server) implements Relay {
        @Override
        public URI url(String code, Protocol protocol) {
            if (protocol != Protocol.RTSP) {
                throw new IllegalArgumentException("GStreamer's RTSP server speaks only RTSP");
            }
            return server.url();
        }

        @Override
        public long pid() {
            return server.pid();
        }
    }

    /** Serial numbers for the bench's points, one per round, so each round opens a path of its own. */
    private static final class Serials {
        private int last;

        int next() {
            return ++last;
        }
    }

    private static String millis(List<Long> nanos, int percentile) {
        List<Long> known = nanos.stream().filter(n -> n >= 0).sorted().toList();
        if (known.isEmpty()) {
            return "-";
        }
        return String.format("%.1f ms", known.get(Math.min(known.size() - 1, known.size() * percentile / 100)) / 1e6);
    }

    /** Total and idle jiffies of the whole machine. */
    static long[] machineTicks() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length; i++) {
            total += Long.parseLong(cpu[i]);
        }
        return new long[] {total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])};
    }

    static void region(BenchHub hub, String token) throws Exception {
        hub.post(token, "/api/v1/regions", Map.of("code", "510122", "name", "bench", "kind", "COUNTY"));
        Map<String, Object> township = new HashMap<>(Map.of("code", "510122001", "name", "bench-town",
                "kind", "TOWNSHIP", "parent", "510122"));
        hub.post(token, "/api/v1/regions", township);
    }

    /** A camera point whose stream is {@code camera}, or {@code camera/{code}} for the simulator (no path of its own). */
    static String point(BenchHub hub, String token, String camera, int serial) throws Exception {
        String code = "51012201011320" + String.format("%06d", serial);
        String streamUrl = URI.create(camera).getPath().length() > 1 ? camera : camera + "/" + code;
        hub.post(token, "/api/v1/points", Map.of("code", code, "name", "bench camera " + serial, "type", "CAMERA",
                "region", "510122001", "source", "SHARP_EYES", "streamUrl", streamUrl));
        return code;
    }
}

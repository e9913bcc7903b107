package org.sharpeyes.bench;

import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;
import org.sharpeyes.sim.viewer.RtspViewer;

/**
 * The web UI as an operator meets it: a real {@code hub.jar}, 16 simulated 1280x720 25 fps H.264 cameras (GOP 50),
 * and Debian's Chromium driving the hub's own page. Reports the time from a drop on a tile to the first picture
 * (p50/p95 over N drops, cold and warm), the lag behind the live edge over a minute, and Chromium's CPU and memory
 * (PSS over all its processes) with 1, 4, 9 and 16 tiles playing. Stops by itself.
 */
public final class UiBench {

    private static final String TOWN = "510122001";
    /** The hub closes an unwatched path this soon, so that a cold drop can be had by waiting a little longer. */
    private static final int IDLE_CLOSE_SECONDS = 2;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "hub/target/hub.jar");
        int drops = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        CameraSettings camera = new CameraSettings(1280, 720, 25, 2_000_000, 50, null, null, 100);
        Path profile = Files.createTempDirectory("bench-chromium");
        try (CameraServer cameras = new CameraServer(camera);
                BenchHub hub = BenchHub.start(jar, "--media.idleCloseSeconds=" + IDLE_CLOSE_SECONDS)) {
            int port = cameras.start("127.0.0.1", 0).getPort();
            String admin = hub.login("admin", BenchHub.ADMIN_PASSWORD);
            hub.post(admin, "/api/v1/regions", Map.of("code", "510122", "name", "基准县", "kind", "COUNTY"));
            hub.post(admin, "/api/v1/regions", Map.of("code", TOWN, "name", "基准镇", "kind", "TOWNSHIP", "parent",
                    "510122"));
            List<String> codes = new ArrayList<>();
            for (int i = 1; i <= 16; i++) {
                String code = "51012201011320" + String.format("%06d", i);
                hub.post(admin, "/api/v1/points", Map.of("code", code, "name", "基准摄像机" + i, "type", "CAMERA",
                        "region", TOWN, "source", "SHARP_EYES", "streamUrl", "rtsp://127.0.0.1:" + port + "/" + code));
                codes.add(code);
            }
            hub.post(admin, "/api/v1/operators", Map.of("username", "bench-op", "password", "bench-pass-1",
                    "center", TOWN, "role", "OPERATOR"));
            String operator = hub.login("bench-op", "bench-pass-1");
            long wall = hub.get(operator, "/api/v1/walls").get(0).get("id").asLong();
            ChromeDriver chrome = chromium(profile);
            try {
                chrome.get(hub.base() + "/");
                chrome.executeScript("localStorage.setItem('sharpeyes.token', arguments[0])", operator);
                chrome.get(hub.base() + "/");
                await().atMost(Duration.ofSeconds(20)).until(() -> !chrome.findElements(By.id("wall"))
                        .isEmpty());
                layout(chrome, wall, 1);
                dropToFirstPicture(chrome, wall, codes, drops, port);
                liveEdge(chrome, wall, codes.get(0));
                for (int tiles : new int[] {1, 4, 9, 16}) {
                    tiles(chrome, wall, codes, tiles, profile);
                }
            } finally {
                chrome.quit();
            }
        }
    }

    private static ChromeDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
                "--window-size=1920,1080", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Sets the wall's layout and waits for the page to show its tiles. */
    private static void layout(ChromeDriver chrome, long wall, int layout) {
        chrome.executeAsyncScript(put("/layout", "{layout: " + layout + "}"), wall);
        await().atMost(Duration.ofSeconds(20)).until(() -> chrome.findElements(By.cssSelector(
                "#wall .tile")).size() == layout);
    }

    /** A page script that makes one wall call with the page's own token and calls back when it is answered. */
    private static String put(String path, String body) {
        return "const done = arguments[arguments.length - 1];"
                + "fetch('/api/v1/walls/' + arguments[0] + '" + path + "', {method: 'PUT', headers: {'Content-Type': "
                + "'application/json', 'Authorization': 'Bearer ' + localStorage.getItem('sharpeyes.token')}, "
                + "body: JSON.stringify(" + body + ")}).then(r => done(r.status), e => done(String(e)));";
    }

    /**
     * Each drop is timed inside the page, from the moment the tile is set to the first picture the video element
     * has to show; the tile is emptied again between drops. Cold: the hub has closed the camera's path and pulls it
     * again (so the first picture waits for the camera's next key frame, up to a GOP of 2 s here); an RTSP reader of
     * this harness holds every camera open meanwhile, since the simulator's own start of encoding (it stops when
     * nobody watches) is no part of the hub's time. Warm: the same two cameras dropped in turn while the hub still holds their paths and key frames.
     */
    private static void dropToFirstPicture(ChromeDriver chrome, long wall, List<String> codes, int drops,
            int cameraPort) throws Exception {
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<RtspViewer> keepers = new ArrayList<>();
        try {
            for (String code : codes) {
                RtspViewer keeper = new RtspViewer(URI.create("rtsp://127.0.0.1:" + cameraPort + "/" + code));
                keepers.add(keeper);
                keeper.start(loops).get(30, TimeUnit.SECONDS);
            }
            timeDrops(chrome, wall, codes, drops);
        } finally {
            keepers.forEach(RtspViewer::close);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void timeDrops(ChromeDriver chrome, long wall, List<String> codes, int drops) {
        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < drops; i++) {
            boolean isCold = i < Math.min(codes.size(), drops / 3);
            (isCold ? cold : warm).add(drop(chrome, wall, isCold ? codes.get(i) : codes.get(i % 2)));
            sleep(isCold ? IDLE_CLOSE_SECONDS * 1000L + 1500 : 300);
        }
        System.out.printf("drop to first picture, %d drops: cold (path closed) %s; warm %s%n", drops,
                summary(cold), summary(warm));
    }

    private static double drop(ChromeDriver chrome, long wall, String code) {
        Object ms = chrome.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "const code = arguments[1]; const started = performance.now();"
                + "fetch('/api/v1/walls/' + arguments[0] + '/tiles/1', {method: 'PUT', headers: {'Content-Type':"
                + " 'application/json', 'Authorization': 'Bearer ' + localStorage.getItem('sharpeyes.token')},"
                + " body: JSON.stringify({pointCode: code})});"
                + "const look = () => { const v = document.querySelector(\"#wall .tile[data-point='\" + code"
                + " + \"'] video\"); if (v && v.readyState >= 2 && v.getVideoPlaybackQuality().totalVideoFrames"
                + " > 0) done(performance.now() - started); else if (performance.now() - started > 20000)"
                + " done(-1); else setTimeout(look, 5); }; look();", wall, code);
        chrome.executeAsyncScript(put("/tiles/1", "{}"), wall);
        return ((Number) ms).doubleValue();
    }

    /** One camera on the wall for a minute: how far behind the newest buffered picture the video is, each second. */
    private static void liveEdge(ChromeDriver chrome, long wall, String code) {
        chrome.executeAsyncScript(put("/tiles/1", "{pointCode: '" + code + "'}"), wall);
        String video = "document.querySelector(\"#wall .tile[data-point='" + code + "'] video\")";
        await().atMost(Duration.ofSeconds(20)).until(() -> (Boolean) chrome.executeScript(
                "const v = " + video + "; return v !== null && v.currentTime > 1"));
        List<Double> lags = new ArrayList<>();
        for (int second = 0; second < 60; second++) {
            lags.add(((Number) chrome.executeScript("const v = " + video + "; return v.buffered.length ? "
                    + "v.buffered.end(v.buffered.length - 1) - v.currentTime : -1")).doubleValue() * 1000);
            sleep(1000);
        }
        System.out.printf("live-edge lag over 60 s (ms behind the newest buffered picture): %s%n", summary(lags));
    }

    /** N tiles playing: Chromium's CPU seconds per second over 20 s, its memory, and the frames decoded/dropped. */
    private static void tiles(ChromeDriver chrome, long wall, List<String> codes, int n, Path profile)
            throws Exception {
        layout(chrome, wall, n == 1 ? 1 : n);
        for (int tile = 1; tile <= n; tile++) {
            chrome.executeAsyncScript(put("/tiles/" + tile, "{pointCode: '" + codes.get(tile - 1) + "'}"), wall);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) chrome.executeScript(
                "return [...document.querySelectorAll('#wall video')].filter(v => v.currentTime > 1).length"))
                .intValue() == n);
        String frames = "return [...document.querySelectorAll('#wall video')].reduce((s, v) => { const q ="
                + " v.getVideoPlaybackQuality(); return [s[0] + q.totalVideoFrames, s[1] + q.droppedVideoFrames]; },"
                + " [0, 0])";
        List<Long> browser = processes(profile);
        double cpuBefore = cpu(browser);
        @SuppressWarnings("unchecked")
        List<Number> before = (List<Number>) chrome.executeScript(frames);
        long started = System.nanoTime();
        sleep(20_000);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = (cpu(processes(profile)) - cpuBefore) / seconds;
        @SuppressWarnings("unchecked")
        List<Number> after = (List<Number>) chrome.executeScript(frames);
        double decoded = (after.get(0).longValue() - before.get(0).longValue()) / seconds / n;
        long dropped = after.get(1).longValue() - before.get(1).longValue();
        System.out.printf("%2d tiles at 720p25: Chromium %.2f CPU s/s, PSS %.0f MiB over %d processes, %.1f frames/s "
                + "decoded per tile, %d dropped%n", n, cpu, pssMib(processes(profile)), browser.size(), decoded,
                dropped);
    }

    /** Every process of this browser: the ones whose command line names its profile directory. */
    private static List<Long> processes(Path profile) throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path dir : proc.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String command = Files.readString(dir.resolve("cmdline")).replace('\0', ' ');
                    if (command.contains(profile.toString()) && !command.contains("chromedriver")) {
                        found.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // a process that ended while the list was read
                }
            }
        }
        return found;
    }

    private static double cpu(List<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            try {
                total += BenchHub.cpuSeconds(pid);
            } catch (IOException gone) {
                // ended between listing and reading
            }
        }
        return total;
    }

    /** Proportional set size summed over the processes: shared pages counted once, not once per process. */
    private static double pssMib(List<Long> pids) {
        long kib = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        kib += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException gone) {
                // ended between listing and reading
            }
        }
        return kib / 1024.0;
    }

    private static String summary(List<Double> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        long failed = sorted.stream().filter(v -> v < 0).count();
        List<Double> ok = sorted.stream().filter(v -> v >= 0).toList();
        if (ok.isEmpty()) {
            return "all " + failed + " failed";
        }
        return String.format("p50 %.0f ms, p95 %.0f ms, max %.0f ms (n=%d%s)", ok.get(ok.size() / 2),
                ok.get(Math.min(ok.size() - 1, (int) Math.ceil(ok.size() * 0.95) - 1)), ok.get(ok.size() - 1),
                ok.size(), failed > 0 ? ", " + failed + " never showed a picture" : "");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

package org.sharpeyes.hub.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;
import org.sharpeyes.sim.viewer.RtspViewer;

/**
 * One camera, many viewers through the hub: everyone gets every picture, a late joiner the whole cached group, a
 * stalled viewer only hurts itself, and a camera that drops comes back.
 */
class FanOutTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("media.slowViewerSeconds=3", "media.connectTimeoutSeconds=20");
    private static final int LONG_GOP = 250;

    static CameraServer cameras;
    static int cameraPort;
    static CameraServer longGop;
    static int longGopPort;
    static CameraServer heavy;
    static int heavyPort;
    static ApiClient viewerLogin;
    static EventLoopGroup viewerLoops;
    final List<RtspViewer> viewers = new ArrayList<>();

    @BeforeAll
    static void start() throws InterruptedException {
        cameras = new CameraServer(new CameraSettings(320, 240, 25, 400_000, 25, null, null));
        cameraPort = cameras.start("127.0.0.1", 0).getPort();
        longGop = new CameraServer(new CameraSettings(320, 240, 25, 300_000, LONG_GOP, null, null));
        longGopPort = longGop.start("127.0.0.1", 0).getPort();
        heavy = new CameraServer(new CameraSettings(640, 360, 25, 6_000_000, 25, null, null, 50, true));
        heavyPort = heavy.start("127.0.0.1", 0).getPort();
        viewerLogin = HUB.as("county-op");
        viewerLoops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void closeViewers() {
        viewers.forEach(RtspViewer::close);
    }

    @AfterAll
    static void stop() {
        viewerLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        cameras.close();
        longGop.close();
        heavy.close();
    }

    private static String camera(int serial) {
        Map<String, Object> point = SmallCounty.camera(SmallCounty.VILLAGE_1_1, serial);
        point.put("streamUrl", "rtsp://127.0.0.1:" + cameraPort + "/" + point.get("code"));
        assertThat(HUB.admin().post("/api/v1/points", point).status()).isEqualTo(201);
        return (String) point.get("code");
    }

    private static URI url(String code) {
        return URI.create("rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code + "?token="
                + viewerLogin.token());
    }

    private static double metric(String pattern) {
        Matcher m = Pattern.compile("^" + pattern + " (\\S+)", Pattern.MULTILINE)
                .matcher(HUB.hub().anonymous().get("/metrics").text());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private List<RtspViewer> watch(String code, int count) {
        URI url = url(code);
        List<RtspViewer> started = new ArrayList<>();
        List<CompletableFuture<String>> playing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RtspViewer viewer = new RtspViewer(url);
            viewers.add(viewer);
            started.add(viewer);
            playing.add(viewer.start(viewerLoops));
        }
        playing.forEach(p -> p.orTimeout(30, TimeUnit.SECONDS).join());
        return started;
    }

    @Test
    void fiftyViewersAllReceiveEveryPicture() {
        List<RtspViewer> fifty = watch(camera(601), 50);
        await().atMost(Duration.ofSeconds(30)).until(() -> fifty.stream().allMatch(v -> v.pictures() >= 75));
        assertThat(fifty).allSatisfy(v -> {
            assertThat(v.lost()).as("RTP packets a viewer missed").isZero();
            assertThat(v.firstKeyFrameNanos()).isDone();
        });
    }

    @Test
    void aStalledViewerLosesPicturesToKeyFramesThenIsLetGoWhileTheOthersLoseNothing() {
        Map<String, Object> point = SmallCounty.camera(SmallCounty.VILLAGE_1_1, 604);
        point.put("streamUrl", "rtsp://127.0.0.1:" + heavyPort + "/" + point.get("code"));
        String code = HUB.register(point);
        List<RtspViewer> others = watch(code, 4);
        // Its socket is not read and its receive buffer is small, so the hub's socket and queue fill within seconds.
        RtspViewer stalled = new RtspViewer(url(code)).receiveBuffer(4_096);
        viewers.add(stalled);
        stalled.start(viewerLoops).orTimeout(30, TimeUnit.SECONDS).join();
        stalled.setReading(false);
        double dropped = metric("hub_media_reader_dropped_total\\{protocol=\"rtsp\"\\}");
        double disconnected = metric("hub_media_reader_disconnected_total\\{protocol=\"rtsp\"\\}");
        assertThat(metric("hub_media_viewers")).isEqualTo(5);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> metric("hub_media_reader_disconnected_total\\{protocol=\"rtsp\"\\}") > disconnected);
        assertThat(metric("hub_media_reader_dropped_total\\{protocol=\"rtsp\"\\}")).as("pictures it lost first")
                .isGreaterThan(dropped);
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("hub_media_viewers") == 4);
        long[] before = others.stream().mapToLong(RtspViewer::pictures).toArray();
        await().atMost(Duration.ofSeconds(30)).until(() -> others.stream().allMatch(v ->
                v.pictures() > before[others.indexOf(v)] + 25));
        assertThat(others).allSatisfy(v -> {
            assertThat(v.isConnected()).isTrue();
            assertThat(v.lost()).as("RTP packets a reading viewer missed").isZero();
        });
        System.out.printf("stalled viewer: %.0f pictures dropped before it was let go; the others got %d packets each%n",
                metric("hub_media_reader_dropped_total\\{protocol=\"rtsp\"\\}") - dropped, others.get(0).packets());
    }

    @Test
    void viewersStayAttachedWhileTheCameraDropsAndReturns() {
        String code = camera(603);
        List<RtspViewer> three = watch(code, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> three.stream().allMatch(v -> v.pictures() >= 25));
        cameras.dropConnections(code);
        long[] atDrop = three.stream().mapToLong(RtspViewer::pictures).toArray();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < three.size(); i++) {
                if (three.get(i).pictures() < atDrop[i] + 50) {
                    return false;
                }
            }
            return true;
        });
        assertThat(three).allSatisfy(v -> {
            assertThat(v.isConnected()).isTrue();
            assertThat(v.lost()).isZero();
        });
    }

    @Test
    void aLateJoinerOnAGop250CameraGetsTheWholeGroupFromTheCache() {
        Map<String, Object> point = SmallCounty.camera(SmallCounty.VILLAGE_1_1, 952);
        point.put("streamUrl", "rtsp://127.0.0.1:" + longGopPort + "/" + point.get("code"));
        String code = HUB.register(point);
        RtspViewer first = watch(code, 1).get(0);
        // The first viewer started on a key frame, so this many pictures of the present group are in the cache.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(40))
                .until(() -> first.pictures() % LONG_GOP >= 150 && first.pictures() % LONG_GOP < 200);
        long cached = first.pictures() % LONG_GOP;
        RtspViewer late = watch(code, 1).get(0);
        // Live pictures alone would bring 50 in these 2 s: only the cache can bring the 150 and more.
        await().atMost(Duration.ofSeconds(2)).until(() -> late.pictures() >= cached);
        assertThat(late.firstKeyFrameNanos()).isDone();
        assertThat(late.lost()).as("RTP packets the late joiner missed").isZero();
        System.out.printf("late joiner on a GOP-%d camera: %d cached pictures, first key frame %.1f ms after PLAY%n",
                LONG_GOP, cached, late.firstKeyFrameNanos().join() / 1e6);
    }
}

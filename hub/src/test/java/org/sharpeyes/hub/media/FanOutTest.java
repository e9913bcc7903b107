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

/** One camera, many viewers through the hub: everyone gets every picture, and a camera that drops comes back. */
class FanOutTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    static CameraServer cameras;
    static int cameraPort;
    static ApiClient viewerLogin;
    static EventLoopGroup viewerLoops;
    final List<RtspViewer> viewers = new ArrayList<>();

    @BeforeAll
    static void start() throws InterruptedException {
        cameras = new CameraServer(new CameraSettings(320, 240, 25, 400_000, 25, null, null));
        cameraPort = cameras.start("127.0.0.1", 0).getPort();
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
    }

    private static String camera(int serial) {
        Map<String, Object> point = SmallCounty.camera(SmallCounty.VILLAGE_1_1, serial);
        point.put("streamUrl", "rtsp://127.0.0.1:" + cameraPort + "/" + point.get("code"));
        assertThat(HUB.admin().post("/api/v1/points", point).status()).isEqualTo(201);
        return (String) point.get("code");
    }

    private List<RtspViewer> watch(String code, int count) {
        URI url = URI.create("rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/" + code + "?token="
                + viewerLogin.token());
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
    void aViewerThatStopsReadingDoesNotSlowTheOthers() {
        String code = camera(602);
        RtspViewer stalled = watch(code, 1).get(0);
        stalled.setReading(false);
        List<RtspViewer> others = watch(code, 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> others.stream().allMatch(v -> v.pictures() >= 100));
        assertThat(others).allSatisfy(v -> assertThat(v.lost()).isZero());
        stalled.setReading(true);
        long before = stalled.pictures();
        await().atMost(Duration.ofSeconds(30)).until(() -> stalled.pictures() > before + 25);
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
}

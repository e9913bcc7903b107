package org.sharpeyes.hub.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.viewer.RtspViewer;

/** Cameras that misbehave (the simulator's fault modes): each gives the viewer a clear answer, the hub stays up. */
class BrokenCameraTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("media.connectTimeoutSeconds=4");
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    static ApiClient county;

    @BeforeAll
    static void start() {
        county = HUB.as("county-op");
    }

    @AfterAll
    static void stop() {
        assertThat(HUB.hub().anonymous().get("/health").json().get("status").asText()).isEqualTo("UP");
    }

    private static String live(int serial, String fault) {
        return "rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/"
                + CAMERAS.register(SmallCounty.TOWNSHIP_1, serial, fault) + "?token=" + county.token();
    }

    @Test
    void aCameraThatRefusesIsReportedWithItsAnswer() throws Exception {
        assertThat(Rtsp.describe(live(901, "refuse"))).startsWith("RTSP/1.0 503")
                .contains("X-Reason: the camera answered DESCRIBE with 503 Service Unavailable");
    }

    @Test
    void aCameraThatRedirectsIsFollowed() throws Exception {
        assertThat(Rtsp.describe(live(906, "redirect"))).startsWith("RTSP/1.0 200").contains("a=rtpmap:96 H264/90000");
    }

    @Test
    void aCameraWithoutH264IsReportedAsSuch() throws Exception {
        assertThat(Rtsp.describe(live(902, "bad-sdp"))).startsWith("RTSP/1.0 503")
                .contains("offers no H.264 or H.265 video (tracks: [audio/PCMU])");
    }

    @Test
    void aCameraThatPlaysThenFallsSilentTimesOutClearly() throws Exception {
        assertThat(Rtsp.describe(live(903, "stall"))).startsWith("RTSP/1.0 503")
                .contains("did not start playing within 4 s");
    }

    @Test
    void malformedRtpIsCountedAndSkippedWhileGoodPicturesFlow() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (RtspViewer viewer = new RtspViewer(URI.create(live(904, "garbage-rtp")))) {
            viewer.start(loops).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> viewer.pictures() >= 50);
            assertThat(viewer.lost()).isZero();
            assertThat(metric("hub_media_pull_rtp_malformed_total")).isGreaterThan(10);
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCameraThatSendsOnlyOverUdpIsPulledOverUdp() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (RtspViewer viewer = new RtspViewer(URI.create(live(905, "udp-only")))) {
            viewer.start(loops).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> viewer.pictures() >= 50);
            assertThat(viewer.lost()).isZero();
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static double metric(String name) {
        return HUB.hub().metric(name);
    }
}

package org.sharpeyes.hub.media;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.LiveSocket;
import org.sharpeyes.hub.testing.Rtsp;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.viewer.CountingViewer;
import org.sharpeyes.sim.viewer.FlvViewer;
import org.sharpeyes.sim.viewer.WebSocketViewer;

/** HTTP-FLV and WebSocket-FLV at /live/{code}.flv, read by ffprobe and by a WebSocket client. */
class FlvStreamsTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    static String code;
    static ApiClient county;

    @BeforeAll
    static void start() {
        code = CAMERAS.register(SmallCounty.TOWNSHIP_1, 701, null);
        county = HUB.as("county-op");
    }

    @Test
    void ffprobeReadsH264OverHttpFlv() throws Exception {
        String probe = Rtsp.ffprobe(HUB.hub().base() + "/live/" + code + ".flv?token=" + county.token());
        assertThat(probe).contains("\"codec_name\": \"h264\"").contains("\"width\": 320").contains("\"height\": 240");
    }

    @Test
    void refusesHttpFlvWithoutATokenOrOutsideTheRegionAsJson() {
        ApiClient.Reply anonymous = HUB.hub().anonymous().get("/live/" + code + ".flv");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("error").asText()).isEqualTo("unauthorized");
        ApiClient.Reply outside = HUB.as("town2-op").get("/live/" + code + ".flv");
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.text()).doesNotContain("摄像机");
    }

    @Test
    void webSocketFlvSendsHeaderSequenceHeaderThenAKeyFrame() throws Exception {
        byte[] flv = readWebSocketFlv(code, 20_000);
        assertThat(new String(flv, 0, 3)).isEqualTo("FLV");
        int offset = 13;
        assertThat(flv[offset]).as("first tag: script").isEqualTo((byte) 18);
        offset += 11 + size(flv, offset) + 4;
        assertThat(flv[offset]).as("second tag: video").isEqualTo((byte) 9);
        assertThat(flv[offset + 11]).as("key frame, AVC").isEqualTo((byte) 0x17);
        assertThat(flv[offset + 12]).as("AVC sequence header").isEqualTo((byte) 0);
        offset += 11 + size(flv, offset) + 4;
        assertThat(flv[offset + 11]).as("then a key frame").isEqualTo((byte) 0x17);
        assertThat(flv[offset + 12]).as("AVC NALU").isEqualTo((byte) 1);
    }

    /** Browser streams (HTTP-FLV, WebSocket-FLV, WebSocket fMP4), their pictures framed by hand, read by clients. */
    @ParameterizedTest
    @ValueSource(strings = {"http:flv", "ws:flv", "ws:mp4"})
    void manyViewersOfEachBrowserStreamStartOnAKeyFrameAndKeepPlaying(String form) {
        String[] parts = form.split(":");
        URI url = URI.create(parts[0] + "://127.0.0.1:" + HUB.hub().hub().httpPort() + "/live/" + code + "."
                + parts[1] + "?token=" + county.token());
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<CountingViewer> viewers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                CountingViewer viewer = parts[0].equals("http") ? new FlvViewer(url) : new WebSocketViewer(url);
                viewers.add(viewer);
                viewer.start(loops).orTimeout(30, TimeUnit.SECONDS).join();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> viewers.stream().allMatch(v -> v.pictures() >= 75));
            long[] before = viewers.stream().mapToLong(CountingViewer::pictures).toArray();
            await().atMost(Duration.ofSeconds(30)).until(() -> viewers.stream()
                    .allMatch(v -> v.pictures() >= before[viewers.indexOf(v)] + 50));
            assertThat(viewers).allSatisfy(v -> {
                assertThat(v.firstKeyFrameNanos()).isDone();
                assertThat(v.isConnected()).isTrue();
            });
        } finally {
            viewers.forEach(CountingViewer::close);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesAWebSocketOutsideTheRegion() {
        URI url = URI.create("ws://127.0.0.1:" + HUB.hub().hub().httpPort() + "/live/" + code + ".flv?token="
                + HUB.as("town2-op").token());
        CompletableFuture<WebSocket> attempt = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(url, new WebSocket.Listener() { });
        assertThat(attempt).failsWithin(30, TimeUnit.SECONDS).withThrowableThat().havingRootCause()
                .withMessageContaining("404");
    }

    @Test
    void snapshotIsACurrentJpegOfThePointsCamera() throws Exception {
        ApiClient.Reply reply = county.get("/api/v1/points/" + code + "/snapshot");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).contains("image/jpeg");
        java.net.http.HttpResponse<byte[]> raw = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create(HUB.hub().base() + "/api/v1/points/" + code + "/snapshot?token=" + county.token())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(raw.body()));
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(240);
        assertThat(HUB.as("town2-op").get("/api/v1/points/" + code + "/snapshot").status()).isEqualTo(404);
    }

    @Test
    void announcesNewParameterSetsWhenTheCameraChangesItsPictureSize() throws Exception {
        byte[] flv = readWebSocketFlv(CAMERAS.register(SmallCounty.TOWNSHIP_1, 702, "sps-change"), 250_000);
        java.util.Set<String> sequenceHeaders = new java.util.HashSet<>();
        int offset = 13;
        while (offset + 11 < flv.length) {
            int size = size(flv, offset);
            if (offset + 11 + size > flv.length) {
                break;
            }
            if (flv[offset] == 9 && flv[offset + 12] == 0) {
                sequenceHeaders.add(java.util.HexFormat.of().formatHex(flv, offset + 11, offset + 11 + size));
            }
            offset += 11 + size + 4;
        }
        assertThat(sequenceHeaders).hasSizeGreaterThanOrEqualTo(2);
    }

    private static byte[] readWebSocketFlv(String pointCode, int bytes) throws Exception {
        return LiveSocket.bytes(LiveSocket.url(HUB, pointCode, "flv", county), bytes);
    }

    private static int size(byte[] flv, int tag) {
        return ((flv[tag + 1] & 0xFF) << 16) | ((flv[tag + 2] & 0xFF) << 8) | (flv[tag + 3] & 0xFF);
    }
}

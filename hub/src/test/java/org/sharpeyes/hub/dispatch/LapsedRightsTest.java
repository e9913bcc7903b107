package org.sharpeyes.hub.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.CameraExtension;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.viewer.RtspViewer;

/**
 * #16: rights that lapse take effect on what is already open: a removed, moved or re-passworded operator's streams
 * and sockets close at once, and a pushed point lives only on the tile it was pushed to.
 */
class LapsedRightsTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    @RegisterExtension
    static final CameraExtension CAMERAS = new CameraExtension(HUB);
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    static String villageCamera;
    static String town2Camera;
    static String town2Ptz;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void points() {
        villageCamera = CAMERAS.register(SmallCounty.VILLAGE_1_1, 801, null);
        town2Camera = CAMERAS.register(SmallCounty.TOWNSHIP_2, 802, null);
        Map<String, Object> ptz = SmallCounty.camera(SmallCounty.TOWNSHIP_2, 803);
        ptz.put("type", "PTZ_CAMERA");
        ptz.put("streamUrl", "rtsp://127.0.0.1:" + CAMERAS.port() + "/" + ptz.get("code"));
        assertThat(HUB.admin().post("/api/v1/points", ptz).status()).isEqualTo(201);
        town2Ptz = (String) ptz.get("code");
    }

    @AfterAll
    static void stopGroup() {
        GROUP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private static ApiClient operator(String username, String center) {
        ApiClient.Reply made = HUB.admin().post("/api/v1/operators", Map.of("username", username, "password",
                SmallCounty.PASSWORD, "center", center, "role", "OPERATOR"));
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        return HUB.as(username);
    }

    /** An HTTP-FLV stream read in the background: bytes so far, and whether the hub ended it. */
    private final class FlvReader {
        final AtomicLong bytes = new AtomicLong();
        final CompletableFuture<Void> ended = new CompletableFuture<>();

        FlvReader(ApiClient as, String point) throws Exception {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    as.base() + "/live/" + point + ".flv?token=" + as.token())).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            InputStream body = response.body();
            open.add(body);
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[65536];
                try {
                    for (int n; (n = body.read(buffer)) >= 0; ) {
                        bytes.addAndGet(n);
                    }
                } catch (java.io.IOException e) {
                    // a connection the hub closed mid-chunk ends here too
                }
                ended.complete(null);
            }, "flv-reader");
            reader.setDaemon(true);
            reader.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> bytes.get() > 10_000);
        }
    }

    private RtspViewer rtsp(ApiClient as, String point) throws Exception {
        RtspViewer viewer = new RtspViewer(URI.create("rtsp://127.0.0.1:" + HUB.hub().hub().rtspPort() + "/live/"
                + point + "?token=" + as.token()));
        open.add(viewer);
        viewer.start(GROUP).get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> viewer.pictures() > 0);
        return viewer;
    }

    private CompletableFuture<Void> socket(ApiClient as, String path) throws Exception {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(as.base()
                .replace("http://", "ws://") + path + "?token=" + as.token()), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                        closed.complete(null);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed.complete(null);
                    }
                }).get(10, TimeUnit.SECONDS);
        open.add(socket::abort);
        return closed;
    }

    @Test
    void removingAnOperatorEndsTheirStreamsAndSocketsAtOnce() throws Exception {
        ApiClient doomed = operator("doomed-op", SmallCounty.VILLAGE_1_1);
        FlvReader flv = new FlvReader(doomed, villageCamera);
        RtspViewer viewer = rtsp(doomed, villageCamera);
        CompletableFuture<Void> events = socket(doomed, "/api/v1/events/live");
        CompletableFuture<Void> notices = socket(doomed, "/api/v1/dispatch/live");
        assertThat(HUB.admin().delete("/api/v1/operators/doomed-op").status()).isEqualTo(204);
        flv.ended.get(5, TimeUnit.SECONDS);
        events.get(5, TimeUnit.SECONDS);
        notices.get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> !viewer.isConnected());
    }

    @Test
    void movingAnOperatorOrChangingTheirPasswordClosesWhatTheyHadOpen() throws Exception {
        ApiClient mover = operator("mover-op", SmallCounty.TOWNSHIP_1);
        CompletableFuture<Void> events = socket(mover, "/api/v1/events/live");
        FlvReader flv = new FlvReader(mover, villageCamera);
        assertThat(HUB.admin().put("/api/v1/operators/mover-op", Map.of("center", SmallCounty.VILLAGE_1_1))
                .status()).isEqualTo(200);
        events.get(5, TimeUnit.SECONDS);
        flv.ended.get(5, TimeUnit.SECONDS);

        ApiClient again = HUB.as("mover-op");
        FlvReader second = new FlvReader(again, villageCamera);
        assertThat(again.put("/api/v1/operators/mover-op/password", Map.of("currentPassword", SmallCounty.PASSWORD,
                "password", "another-pw-2")).status()).isEqualTo(204);
        second.ended.get(5, TimeUnit.SECONDS);
    }

    @Test
    void lockingAnOperatorEndsWhatTheyHadOpenUntilTheyAreUnlocked() throws Exception {
        ApiClient locked = operator("locked-op", SmallCounty.VILLAGE_1_1);
        FlvReader flv = new FlvReader(locked, villageCamera);
        CompletableFuture<Void> notices = socket(locked, "/api/v1/dispatch/live");
        assertThat(HUB.admin().put("/api/v1/operators/locked-op", Map.of("locked", true)).status()).isEqualTo(200);
        flv.ended.get(5, TimeUnit.SECONDS);
        notices.get(5, TimeUnit.SECONDS);
        ApiClient.Reply refused = HUB.hub().anonymous().post("/api/v1/auth/login", Map.of("username", "locked-op",
                "password", SmallCounty.PASSWORD));
        assertThat(refused.status()).isEqualTo(423);
        assertThat(HUB.admin().put("/api/v1/operators/locked-op", Map.of("locked", false)).status()).isEqualTo(200);
        assertThat(HUB.as("locked-op").token()).isNotBlank();
    }

    @Test
    void aPushedPointTakenOffOrOverwrittenEndsItsWatchersStreams() throws Exception {
        ApiClient village = HUB.as("village11-op");
        ApiClient.Reply push = HUB.as("county-op").post("/api/v1/dispatch/push", Map.of("pointCode", town2Camera,
                "toCenter", SmallCounty.VILLAGE_1_1, "tile", 2));
        assertThat(push.status()).as(push.text()).isEqualTo(200);
        long wall = push.json().at("/wall/id").asLong();
        FlvReader flv = new FlvReader(village, town2Camera);
        RtspViewer viewer = rtsp(village, town2Camera);
        FlvReader own = new FlvReader(village, villageCamera);
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/2", Map.of("pointCode", villageCamera)).status())
                .isEqualTo(200);
        flv.ended.get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> !viewer.isConnected());
        long before = own.bytes.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> own.bytes.get() > before + 10_000);
        assertThat(own.ended).as("the village's own camera plays on").isNotDone();
    }

    @Test
    void aPushedPointCannotBeCopiedOntoTheReceiversOwnTilesOrTours() {
        ApiClient village = HUB.as("village11-op");
        ApiClient.Reply push = HUB.as("county-op").post("/api/v1/dispatch/push", Map.of("pointCode", town2Camera,
                "toCenter", SmallCounty.VILLAGE_1_1, "tile", 3));
        assertThat(push.status()).as(push.text()).isEqualTo(200);
        long wall = push.json().at("/wall/id").asLong();
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/1", Map.of("pointCode", town2Camera)).status())
                .isEqualTo(404);
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/4", Map.of("tour", Map.of("points",
                List.of(villageCamera, town2Camera), "seconds", 10))).status()).isEqualTo(404);
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/3", Map.of()).status()).isEqualTo(200);
        assertThat(village.get("/api/v1/points/" + town2Camera).status()).as("gone with its push").isEqualTo(404);
    }

    @Test
    void steeringAPushedCameraNeedsThePushersGrant() {
        ApiClient village = HUB.as("village11-op");
        ApiClient county = HUB.as("county-op");
        assertThat(county.post("/api/v1/dispatch/push", Map.of("pointCode", town2Ptz, "toCenter",
                SmallCounty.VILLAGE_1_1, "tile", 4)).status()).isEqualTo(200);
        ApiClient.Reply refused = village.post("/api/v1/points/" + town2Ptz + "/ptz", Map.of("action", "left"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("ptz_not_granted");
        assertThat(county.post("/api/v1/dispatch/push", Map.of("pointCode", town2Ptz, "toCenter",
                SmallCounty.VILLAGE_1_1, "tile", 4, "ptz", true)).status()).isEqualTo(200);
        ApiClient.Reply granted = village.post("/api/v1/points/" + town2Ptz + "/ptz", Map.of("action", "left"));
        assertThat(granted.status()).as(granted.text()).isEqualTo(200);
        assertThat(county.post("/api/v1/dispatch/push", Map.of("pointCode", town2Ptz, "toCenter",
                SmallCounty.VILLAGE_1_1, "ptz", "yes")).status()).isEqualTo(400);
    }
}

package org.sharpeyes.hub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;

/**
 * The camera simulator (320x240, 25 fps, GOP 25) for a test class, and camera points registered on a hub that pull
 * from it: {@code @RegisterExtension static final CameraExtension CAMERAS = new CameraExtension(HUB);}.
 */
public final class CameraExtension implements BeforeAllCallback, AfterAllCallback {

    private final HubExtension hub;
    private CameraServer server;
    private int port;

    public CameraExtension(HubExtension hub) {
        this.hub = hub;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        server = new CameraServer(new CameraSettings(320, 240, 25, 400_000, 25, null, null));
        port = server.start("127.0.0.1", 0).getPort();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    public CameraServer server() {
        return server;
    }

    public int port() {
        return port;
    }

    /** Registers a camera point in {@code region} streaming from the simulator (with {@code ?fault=} unless null). */
    public String register(String region, int serial, String fault) {
        return registerWithQuery(region, serial, fault == null ? "" : "?fault=" + fault);
    }

    /** Registers a camera point whose simulated camera sends H.265. */
    public String registerH265(String region, int serial) {
        return registerWithQuery(region, serial, "?codec=h265");
    }

    /** Registers a camera point whose stream URL ends with {@code query} (e.g. {@code ?audio=aac}). */
    public String registerWithQuery(String region, int serial, String query) {
        Map<String, Object> point = SmallCounty.camera(region, serial);
        point.put("streamUrl", "rtsp://127.0.0.1:" + port + "/" + point.get("code") + query);
        ApiClient.Reply reply = hub.admin().post("/api/v1/points", point);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return (String) point.get("code");
    }
}

package org.sharpeyes.hub.demo;

import java.net.BindException;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.camera.CameraSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the camera simulator in-process for {@code --demo}, where every demo point's stream address points. */
public final class DemoCameras {

    /** The port in the demo county's stream addresses ({@code rtsp://127.0.0.1:8654/{code}}). */
    public static final int PORT = 8654;

    private static final Logger LOG = LoggerFactory.getLogger(DemoCameras.class);

    private DemoCameras() {
    }

    /** The running simulator, or null when its port is taken (demo video then fails with a clear reason). */
    public static CameraServer start() {
        CameraServer server = new CameraServer(CameraSettings.DEFAULT);
        try {
            server.start("127.0.0.1", PORT);
            return server;
        } catch (Exception e) {
            server.close();
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                LOG.warn("demo cameras not started: port {} is taken, so demo points will show no video", PORT);
                return null;
            }
            throw new IllegalStateException("the demo camera simulator does not start", e);
        }
    }
}

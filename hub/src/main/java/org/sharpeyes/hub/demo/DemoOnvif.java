package org.sharpeyes.hub.demo;

import java.util.ArrayList;
import java.util.List;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointDraft;
import org.sharpeyes.hub.registry.PointQuery;
import org.sharpeyes.hub.registry.PointStore;
import org.sharpeyes.hub.registry.PointType;
import org.sharpeyes.sim.camera.CameraServer;
import org.sharpeyes.sim.onvif.OnvifSettings;
import org.sharpeyes.sim.onvif.OnvifSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONVIF devices for the first {@value #COUNT} demo PTZ cameras in villages (#19), in-process over the demo camera simulator: their
 * points get the devices' addresses and logins, so PTZ, presets, motion events and status go through ONVIF as with
 * real cameras, and {@code POST /api/v1/onvif/discover} finds them (by multicast where this machine allows it, else
 * with the unicast port the log names). The devices take any free port; the points follow it at each start.
 */
public final class DemoOnvif {

    static final int COUNT = 4;
    /** The demo devices' login (docs/onvif.md gives it). */
    public static final String USERNAME = "admin";
    public static final String PASSWORD = "onvif-demo-1";
    private static final Logger LOG = LoggerFactory.getLogger(DemoOnvif.class);

    /** The running devices and the demo points they stand for. */
    public record Started(OnvifSimulator simulator, List<String> codes) {
    }

    private DemoOnvif() {
    }

    /** Starts the devices for the demo PTZ cameras streaming from {@code cameraPort}; null when there are none. */
    public static Started start(CameraServer cameras, int cameraPort, PointStore points) {
        String rtsp = "rtsp://127.0.0.1:" + cameraPort;
        List<Point> chosen = new ArrayList<>();
        int page = 1;
        while (chosen.size() < COUNT) {
            List<Point> found = points.search(new PointQuery(null, PointType.PTZ_CAMERA, null, null, null, page, 200))
                    .items();
            for (Point p : found) {
                // Village cameras (12-digit regions): the ones the tour's village operator steers.
                if (chosen.size() < COUNT && p.regionCode().length() == 12 && p.streamUrl() != null
                        && p.streamUrl().startsWith(rtsp + "/")) {
                    chosen.add(p);
                }
            }
            if (found.size() < 200) {
                break;
            }
            page++;
        }
        if (chosen.isEmpty()) {
            return null;
        }
        OnvifSimulator onvif = new OnvifSimulator(OnvifSettings.of(USERNAME, PASSWORD), cameras, rtsp, 640, 360);
        chosen.forEach(p -> onvif.add(p.code(), p.name()));
        try {
            onvif.start("127.0.0.1", 0, 0, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            onvif.close();
            return null;
        }
        for (Point p : chosen) {
            points.update(new PointDraft(p.code(), p.name(), p.type(), p.regionCode(), p.source(), p.lat(), p.lon(),
                    p.streamUrl(), onvif.deviceUrl(p.code()), USERNAME, PASSWORD, p.vendor(), p.installedAt(),
                    p.serial()));
        }
        LOG.info("demo ONVIF devices for {} PTZ cameras ({}): discovery on udp 127.0.0.1:{}{}, login {}/{}",
                chosen.size(), String.join(", ", chosen.stream().map(Point::code).toList()), onvif.discoveryPort(),
                onvif.multicast() ? " and 239.255.255.250:3702" : "", USERNAME, PASSWORD);
        return new Started(onvif, chosen.stream().map(Point::code).toList());
    }
}

package org.sharpeyes.sim.camera;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/** The simulated cameras by point code, each made on first request. */
final class CameraDirectory {

    private final Map<String, CameraFeed> feeds = new ConcurrentHashMap<>();
    private final CameraSettings settings;
    private final ScheduledExecutorService encoderThread;

    CameraDirectory(CameraSettings settings, ScheduledExecutorService encoderThread) {
        this.settings = settings;
        this.encoderThread = encoderThread;
    }

    CameraFeed feed(String pointCode) {
        return feed(pointCode, false);
    }

    /** The camera of {@code pointCode}; with {@code changingSize}, one whose picture size alternates every GOP. */
    CameraFeed feed(String pointCode, boolean changingSize) {
        return feeds.computeIfAbsent(changingSize ? pointCode + "?sps-change" : pointCode,
                key -> new CameraFeed(pointCode, settings, encoderThread, changingSize));
    }
}

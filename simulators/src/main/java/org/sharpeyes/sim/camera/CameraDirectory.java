package org.sharpeyes.sim.camera;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.sharpeyes.adapters.rtp.VideoCodec;

/** The simulated cameras by point code, each made on first request. */
final class CameraDirectory {

    private final Map<String, CameraFeed> feeds = new ConcurrentHashMap<>();
    private final Map<String, PtzPosition> positions = new ConcurrentHashMap<>();
    private final CameraSettings settings;
    private final ScheduledExecutorService encoderThread;

    CameraDirectory(CameraSettings settings, ScheduledExecutorService encoderThread) {
        this.settings = settings;
        this.encoderThread = encoderThread;
    }

    /** Where the camera of {@code pointCode} points (one position for all its codec variants). */
    PtzPosition ptz(String pointCode) {
        return positions.computeIfAbsent(pointCode, code -> new PtzPosition());
    }

    /** Every camera of {@code pointCode} made so far (one per codec and fault variant). */
    List<CameraFeed> feedsOf(String pointCode) {
        return feeds.entrySet().stream().filter(e -> e.getKey().startsWith(pointCode + " ")).map(Map.Entry::getValue)
                .toList();
    }

    /**
     * The camera of {@code pointCode} encoding {@code codec}, with a microphone unless {@code audio} is null; with
     * {@code changingSize}, one whose picture size alternates every GOP.
     */
    CameraFeed feed(String pointCode, VideoCodec codec, CameraAudio.Codec audio, boolean changingSize) {
        return feeds.computeIfAbsent(pointCode + " " + codec + " " + audio + (changingSize ? " sps-change" : ""),
                key -> new CameraFeed(pointCode, settings, codec, audio, encoderThread, changingSize, ptz(pointCode)));
    }
}

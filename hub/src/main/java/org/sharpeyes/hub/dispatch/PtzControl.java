package org.sharpeyes.hub.dispatch;

import java.util.concurrent.CompletableFuture;
import org.sharpeyes.hub.registry.Point;

/** Sends PTZ moves to a camera: through its ONVIF PTZ service, or the camera simulator's RTSP form. */
public interface PtzControl {

    /** Sends {@code command} to the camera of {@code point}; completes when the camera has accepted it. */
    CompletableFuture<Void> send(Point point, PtzCommand command);
}

package org.sharpeyes.hub.dispatch;

import java.util.concurrent.CompletableFuture;
import org.sharpeyes.hub.registry.Point;

/** Sends PTZ moves to a camera; the ONVIF client will be one implementation, the camera simulator's RTSP another. */
public interface PtzControl {

    /** Sends {@code command} to the camera of {@code point}; completes when the camera has accepted it. */
    CompletableFuture<Void> send(Point point, PtzCommand command);
}

package org.sharpeyes.hub.media;

/**
 * How paths treat their cameras and viewers: {@code media.idleCloseSeconds}, {@code media.connectTimeoutSeconds},
 * {@code media.gopCacheMaxFrames}.
 */
public record MediaSettings(int idleCloseSeconds, int connectTimeoutSeconds, int gopCacheMaxFrames) {
}

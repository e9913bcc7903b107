package org.sharpeyes.hub.media;

/** A viewer cannot have a point's video, and why: no such stream, or the camera cannot be played now. */
public final class MediaUnavailableException extends RuntimeException {

    /** Whether the stream does not exist (no point, no stream address) or exists but cannot be played now. */
    public enum Kind { NOT_FOUND, UNREACHABLE }

    private final Kind kind;

    public MediaUnavailableException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

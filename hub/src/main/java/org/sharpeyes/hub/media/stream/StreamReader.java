package org.sharpeyes.hub.media.stream;

/** A viewer of a {@link MediaStream}. {@link #offer} must never block: it is called on the source's thread. */
public interface StreamReader {

    /** A new access unit; retain it to keep it beyond this call. */
    void offer(AccessUnit unit);

    /** A new audio packet; readers whose output cannot carry audio ignore it. */
    default void offerAudio(AudioUnit unit) {
    }
}

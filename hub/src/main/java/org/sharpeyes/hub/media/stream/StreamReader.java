package org.sharpeyes.hub.media.stream;

import io.netty.util.concurrent.EventExecutor;
import java.util.List;

/**
 * A viewer of a {@link MediaStream}. Its calls come from the stream in order and must never block. {@link #offer} and
 * {@link #offerAudio} run on the reader's {@link #executor} (on the source's thread for a reader without one); the
 * others on the source's thread.
 */
public interface StreamReader {

    /** The event loop the reader writes on, where the stream hands it pictures; null to be called on the source's. */
    default EventExecutor executor() {
        return null;
    }

    /** A new access unit; retain it to keep it beyond this call. */
    void offer(AccessUnit unit);

    /** A new audio packet; readers whose output cannot carry audio ignore it. */
    default void offerAudio(AudioUnit unit) {
    }

    /**
     * The kept group of pictures, oldest (a key frame) first, handed over once as the reader is added, before any
     * {@link #offer}; retain what is kept beyond this call. An empty list means the reader waits for the next key frame.
     */
    default void join(List<AccessUnit> gop) {
        gop.forEach(this::offer);
    }

    /** Whether it sends RTP: the stream makes RTP packets only while such a reader exists. */
    default boolean needsRtp() {
        return false;
    }

    /** The reader was removed from the stream: let go of whatever is still queued. */
    default void detached() {
    }
}

package org.sharpeyes.hub.media;

import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.media.stream.StreamReader;

/**
 * A viewer's place on a path, from {@link PathRegistry#attach}: it keeps the camera pulled until {@link #detach}, and
 * carries at most one reader. Every call goes to the path's own event loop, so any thread may make them.
 */
public interface Attachment {

    /** The path's stream, playing (its track known). */
    MediaStream stream();

    /** Starts the reader on the stream: it gets the kept group of pictures, then every new one. */
    void start(StreamReader reader);

    /** Leaves the path: removes the reader, if any, and may start the idle countdown. Safe to call more than once. */
    void detach();
}

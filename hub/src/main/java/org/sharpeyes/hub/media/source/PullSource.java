package org.sharpeyes.hub.media.source;

/** A camera pulled into a path's stream, by whatever protocol its stream address names; it retries until closed. */
public interface PullSource {

    void start();

    /** Stops pulling for good. */
    void close();
}

package org.sharpeyes.hub.media.source;

/** What a pull source tells its path. Called on the source's event loop. */
public interface SourceListener {

    /** The camera plays and the stream's track is known. */
    void ready();

    /** The source could not start or lost the camera; it will retry unless it is closed. */
    void failed(String reason);
}

package org.sharpeyes.hub.media.source;

import io.netty.channel.EventLoop;
import java.net.URI;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.registry.DeviceCredentials;

/** Makes the pull source for one stream address scheme (rtsp, gb28181). */
@FunctionalInterface
public interface PullSources {

    PullSource open(URI url, DeviceCredentials credentials, EventLoop loop, MediaStream stream,
            SourceListener listener, PullStats stats, int connectTimeoutMillis);
}

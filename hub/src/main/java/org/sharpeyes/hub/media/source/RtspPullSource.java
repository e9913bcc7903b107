package org.sharpeyes.hub.media.source;

import io.netty.channel.EventLoop;
import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.registry.DeviceCredentials;

/**
 * Pulls one camera over RTSP into a {@link MediaStream}, and reconnects with exponential back-off and jitter when the
 * camera drops, for as long as it is open. All its work runs on one event loop.
 */
public final class RtspPullSource implements SourceListener, PullSource {

    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final URI registeredUrl;
    private URI url;
    private int redirects;
    private final DeviceCredentials credentials;
    private final EventLoop loop;
    private final MediaStream stream;
    private final SourceListener listener;
    private final PullStats stats;
    private final int connectTimeoutMillis;
    private RtspPlayback playback;
    private boolean closed;
    private int failuresInARow;

    public RtspPullSource(URI url, DeviceCredentials credentials, EventLoop loop, MediaStream stream,
            SourceListener listener, PullStats stats, int connectTimeoutMillis) {
        this.registeredUrl = url;
        this.url = url;
        this.credentials = credentials;
        this.loop = loop;
        this.stream = stream;
        this.listener = listener;
        this.stats = stats;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public void start() {
        loop.execute(this::connect);
    }

    @Override
    public void close() {
        loop.execute(() -> {
            closed = true;
            if (playback != null) {
                playback.stop();
            }
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        stats.connect();
        playback = new RtspPlayback(url, credentials, loop, stream, this, stats, connectTimeoutMillis);
        playback.start();
    }

    @Override
    public void ready() {
        failuresInARow = 0;
        redirects = 0;
        listener.ready();
    }

    /** Follows a camera's redirect at once, a few times in a row at most, then starts again from the registered URL. */
    void redirect(URI location, String reason) {
        if (++redirects > 3) {
            url = registeredUrl;
            redirects = 0;
            failed(reason + ", too many redirects in a row");
            return;
        }
        url = location.getHost() == null ? url.resolve(location) : location;
        connect();
    }

    @Override
    public void failed(String reason) {
        stats.failure();
        listener.failed(reason);
        if (closed) {
            return;
        }
        long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(10, failuresInARow++));
        // Jitter keeps a village's cameras from all reconnecting in the same instant after a shared outage.
        long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }
}

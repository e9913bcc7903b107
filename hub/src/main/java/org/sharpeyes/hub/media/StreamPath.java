package org.sharpeyes.hub.media;

import io.netty.channel.EventLoop;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.sharpeyes.hub.media.source.PullStats;
import org.sharpeyes.hub.media.source.RtspPullSource;
import org.sharpeyes.hub.media.source.SourceListener;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.registry.DeviceCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path {@code live/{pointCode}}: at most one source and a count of readers. The first reader starts the pull and
 * waits with the others until the camera plays; the pull stops {@code idleCloseSeconds} after the last reader
 * leaves. A camera that drops is reconnected while readers stay attached to the same stream. All its state changes
 * happen on its one event loop, in order.
 */
final class StreamPath implements SourceListener {

    private static final Logger LOG = LoggerFactory.getLogger(StreamPath.class);

    /** Where and how to pull: filled in from the registry. */
    record Target(URI url, DeviceCredentials credentials) {
    }

    private final String pointCode;
    private final EventLoop loop;
    private final MediaStream stream;
    private final PullStats stats;
    private final int idleCloseSeconds;
    private final int connectTimeoutMillis;
    private final Consumer<StreamPath> onClosed;
    private RtspPullSource source;
    private CompletableFuture<MediaStream> ready = new CompletableFuture<>();
    private int readers;
    private ScheduledFuture<?> idleClose;
    private boolean closed;
    private volatile boolean playing;

    StreamPath(String pointCode, EventLoop loop, PullStats stats, int idleCloseSeconds, int connectTimeoutMillis,
            Consumer<StreamPath> onClosed) {
        this.pointCode = pointCode;
        this.loop = loop;
        this.stream = new MediaStream(io.netty.buffer.PooledByteBufAllocator.DEFAULT);
        this.stats = stats;
        this.idleCloseSeconds = idleCloseSeconds;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.onClosed = onClosed;
    }

    String pointCode() {
        return pointCode;
    }

    /**
     * Counts a new reader and returns the stream once the camera plays. Fails with {@link MediaUnavailableException}
     * when this path has closed meanwhile (the caller asks the registry again).
     */
    CompletableFuture<MediaStream> acquire(Target target) {
        CompletableFuture<MediaStream> result = new CompletableFuture<>();
        loop.execute(() -> {
            if (closed) {
                result.completeExceptionally(new MediaUnavailableException(MediaUnavailableException.Kind.UNREACHABLE,
                        "the path closed; try again"));
                return;
            }
            readers++;
            if (idleClose != null) {
                idleClose.cancel(false);
                idleClose = null;
            }
            if (source == null) {
                if (ready.isDone()) {
                    ready = new CompletableFuture<>();
                }
                source = new RtspPullSource(target.url(), target.credentials(), loop, stream, this, stats,
                        connectTimeoutMillis);
                source.start();
                LOG.info("live/{}: pulling {}", pointCode, target.url());
            }
            ready.whenComplete((stream, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(stream);
                }
            });
        });
        return result;
    }

    /** Whether the camera plays now (ready, and not since failed). */
    boolean isPlaying() {
        return playing;
    }

    /** A reader has gone; the last one starts the idle countdown. */
    void release() {
        loop.execute(() -> {
            readers = Math.max(0, readers - 1);
            if (readers == 0 && idleClose == null && !closed) {
                idleClose = loop.schedule(this::closeIfIdle, idleCloseSeconds, TimeUnit.SECONDS);
            }
        });
    }

    private void closeIfIdle() {
        idleClose = null;
        if (readers > 0 || closed) {
            return;
        }
        closed = true;
        if (source != null) {
            source.close();
        }
        stream.close();
        LOG.info("live/{}: closed after {} s without readers", pointCode, idleCloseSeconds);
        onClosed.accept(this);
    }

    @Override
    public void ready() {
        playing = true;
        ready.complete(stream);
    }

    @Override
    public void failed(String reason) {
        playing = false;
        LOG.info("live/{}: {}", pointCode, reason);
        if (!ready.isDone()) {
            // Nobody has seen a picture yet: tell the waiting readers now, and start afresh on the next request.
            ready.completeExceptionally(new MediaUnavailableException(MediaUnavailableException.Kind.UNREACHABLE,
                    reason));
            if (source != null) {
                source.close();
                source = null;
            }
        }
    }

    /** Closes at once, whoever reads; for shut-down. */
    void closeNow() {
        loop.execute(() -> {
            readers = 0;
            closeIfIdle();
        });
    }
}

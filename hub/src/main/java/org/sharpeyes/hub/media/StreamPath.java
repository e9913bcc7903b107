package org.sharpeyes.hub.media;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.sharpeyes.hub.media.source.PullStats;
import org.sharpeyes.hub.media.source.PullSource;
import org.sharpeyes.hub.media.source.PullSources;
import org.sharpeyes.hub.media.source.SourceListener;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.media.stream.StreamReader;
import org.sharpeyes.hub.registry.DeviceCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path {@code live/{pointCode}} and the one owner of its state: its source, the viewers attached to it, the
 * viewers still waiting for the camera (each with its own timeout), whether it plays, and the idle close. Every change
 * is a task run in order on the path's one event loop, which its source shares, so nothing here is locked. The first
 * attach starts the pull; the pull stops {@code idleCloseSeconds} after the last viewer left or gave up waiting. A
 * camera that drops is reconnected while viewers stay attached to the same stream.
 */
final class StreamPath implements SourceListener {

    private static final Logger LOG = LoggerFactory.getLogger(StreamPath.class);

    /** Where and how to pull: filled in from the registry. */
    record Target(URI url, DeviceCredentials credentials, PullSources sources) {
    }

    /** Why an attach found the path closed: the registry asks again with a new path. */
    static final class PathClosedException extends RuntimeException {
        PathClosedException() {
            super("the path closed", null, false, false);
        }
    }

    private final String pointCode;
    private final EventLoop loop;
    private final MediaStream stream;
    private final PullStats stats;
    private final MediaSettings settings;
    private final Consumer<StreamPath> onClosed;
    private final Set<Viewer> attached = new HashSet<>();
    private final List<Waiting> waiting = new ArrayList<>();
    private PullSource source;
    private boolean ready;
    private ScheduledFuture<?> idleClose;
    private boolean closed;
    private volatile boolean playing;
    private volatile int viewers;

    StreamPath(String pointCode, EventLoop loop, PullStats stats, MediaSettings settings,
            Consumer<StreamPath> onClosed) {
        this.pointCode = pointCode;
        this.loop = loop;
        this.stream = new MediaStream(PooledByteBufAllocator.DEFAULT, settings.gopCacheMaxFrames());
        this.stats = stats;
        this.settings = settings;
        this.onClosed = onClosed;
    }

    String pointCode() {
        return pointCode;
    }

    /**
     * Attaches one viewer: at once when the camera plays, else once it does, or fails after
     * {@code connectTimeoutSeconds} with nothing left behind. Fails with {@link PathClosedException} when this path
     * has closed meanwhile.
     */
    CompletableFuture<Attachment> attach(Target target) {
        CompletableFuture<Attachment> result = new CompletableFuture<>();
        loop.execute(() -> {
            if (closed) {
                result.completeExceptionally(new PathClosedException());
                return;
            }
            if (idleClose != null) {
                idleClose.cancel(false);
                idleClose = null;
            }
            if (source == null) {
                source = target.sources().open(target.url(), target.credentials(), loop, stream, this, stats,
                        settings.connectTimeoutSeconds() * 1000);
                source.start();
                LOG.info("live/{}: pulling {}", pointCode, target.url());
            }
            if (ready) {
                admit(new Viewer(), result);
                return;
            }
            Waiting entry = new Waiting(result);
            waiting.add(entry);
            entry.timeout = loop.schedule(() -> giveUp(entry), settings.connectTimeoutSeconds(), TimeUnit.SECONDS);
        });
        return result;
    }

    private void admit(Viewer viewer, CompletableFuture<Attachment> result) {
        attached.add(viewer);
        viewers = attached.size();
        result.complete(viewer);
    }

    /** Ends every wait (its timeout cancelled) and hands back what each waiter waits on, for one answer to all. */
    private List<CompletableFuture<Attachment>> endWaiting() {
        List<CompletableFuture<Attachment>> results = new ArrayList<>(waiting.size());
        for (Waiting entry : waiting) {
            entry.timeout.cancel(false);
            results.add(entry.result);
        }
        waiting.clear();
        return results;
    }

    private void giveUp(Waiting entry) {
        if (waiting.remove(entry)) {
            entry.result.completeExceptionally(new MediaUnavailableException(
                    MediaUnavailableException.Kind.UNREACHABLE, "camera of point " + pointCode
                            + " did not start playing within " + settings.connectTimeoutSeconds() + " s"));
            idleIfUnused();
        }
    }

    private void leave(Viewer viewer) {
        if (attached.remove(viewer)) {
            viewers = attached.size();
            if (viewer.reader != null) {
                stream.removeReader(viewer.reader);
            }
            idleIfUnused();
        }
    }

    private void idleIfUnused() {
        if (attached.isEmpty() && waiting.isEmpty() && idleClose == null && !closed) {
            idleClose = loop.schedule(this::closeIfIdle, settings.idleCloseSeconds(), TimeUnit.SECONDS);
        }
    }

    private void closeIfIdle() {
        idleClose = null;
        if (!attached.isEmpty() || !waiting.isEmpty() || closed) {
            return;
        }
        close();
        LOG.info("live/{}: closed after {} s without viewers", pointCode, settings.idleCloseSeconds());
    }

    private void close() {
        closed = true;
        playing = false;
        if (source != null) {
            source.close();
        }
        stream.close();
        onClosed.accept(this);
    }

    /** Whether the camera plays now (ready, and not since failed). */
    boolean isPlaying() {
        return playing;
    }

    /** Viewers attached now. */
    int viewers() {
        return viewers;
    }

    @Override
    public void ready() {
        playing = true;
        ready = true;
        endWaiting().forEach(result -> admit(new Viewer(), result));
        idleIfUnused();
    }

    @Override
    public void failed(String reason) {
        playing = false;
        LOG.info("live/{}: {}", pointCode, reason);
        if (!ready) {
            // Nobody has seen a picture yet: tell the waiting viewers now, and start afresh on the next attach.
            endWaiting().forEach(result -> result.completeExceptionally(new MediaUnavailableException(
                    MediaUnavailableException.Kind.UNREACHABLE, reason)));
            if (source != null) {
                source.close();
                source = null;
            }
            idleIfUnused();
        }
    }

    /** Closes at once, whoever watches; for shut-down. */
    void closeNow() {
        loop.execute(() -> {
            if (closed) {
                return;
            }
            endWaiting().forEach(result -> result.completeExceptionally(new MediaUnavailableException(
                    MediaUnavailableException.Kind.UNREACHABLE, "the hub is stopping")));
            attached.clear();
            viewers = 0;
            close();
        });
    }

    /** A viewer waiting for the camera to play. */
    private static final class Waiting {
        final CompletableFuture<Attachment> result;
        ScheduledFuture<?> timeout;

        Waiting(CompletableFuture<Attachment> result) {
            this.result = result;
        }
    }

    /** One attached viewer; its fields are touched only on the path's loop. */
    private final class Viewer implements Attachment {
        private StreamReader reader;

        @Override
        public MediaStream stream() {
            return stream;
        }

        @Override
        public void start(StreamReader newReader) {
            loop.execute(() -> {
                if (attached.contains(this) && reader == null) {
                    reader = newReader;
                    stream.addReader(newReader);
                }
            });
        }

        @Override
        public void detach() {
            loop.execute(() -> leave(this));
        }
    }
}

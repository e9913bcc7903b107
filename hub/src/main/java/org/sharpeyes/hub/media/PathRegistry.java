package org.sharpeyes.hub.media;

import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sharpeyes.hub.media.source.PullStats;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.registry.DeviceCredentials;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointStore;

/**
 * The one door stream servers use: opens the path of a point (pulling its camera once, however many read it) and
 * hands back a lease on its stream. Registry look-ups run on the blocking executor, never on an event loop.
 */
public final class PathRegistry implements AutoCloseable {

    /** A reader's hold on a path's stream; release it when the reader goes. */
    public interface Lease {
        MediaStream stream();

        void release();
    }

    private final Map<String, StreamPath> paths = new ConcurrentHashMap<>();
    private final PointStore points;
    private final Executor blocking;
    private final EventLoopGroup loops;
    private final PullStats stats;
    private final int idleCloseSeconds;
    private final int connectTimeoutSeconds;

    public PathRegistry(PointStore points, Executor blocking, EventLoopGroup loops, PullStats stats,
            int idleCloseSeconds, int connectTimeoutSeconds) {
        this.points = points;
        this.blocking = blocking;
        this.loops = loops;
        this.stats = stats;
        this.idleCloseSeconds = idleCloseSeconds;
        this.connectTimeoutSeconds = connectTimeoutSeconds;
    }

    /**
     * Opens {@code live/{point.code}} for one more reader. Completes with a lease once the camera plays, or with a
     * {@link MediaUnavailableException} saying why not (also after {@code connectTimeoutSeconds}).
     */
    public CompletableFuture<Lease> open(Point point) {
        StreamPath.Target target;
        try {
            target = target(point);
        } catch (MediaUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(() -> points.credentials(point.code()).orElse(null), blocking)
                .thenCompose(credentials -> acquire(point.code(),
                        new StreamPath.Target(target.url(), credentials), 3))
                .orTimeout(connectTimeoutSeconds, TimeUnit.SECONDS)
                .exceptionally(error -> {
                    throw new CompletionException(explain(error, point.code()));
                });
    }

    private CompletableFuture<Lease> acquire(String code, StreamPath.Target target, int attempts) {
        StreamPath path = paths.computeIfAbsent(code, c -> new StreamPath(c, loops.next(), stats, idleCloseSeconds,
                connectTimeoutSeconds * 1000, closed -> paths.remove(closed.pointCode(), closed)));
        return path.acquire(target).handle((stream, error) -> {
            if (error == null) {
                return CompletableFuture.<Lease>completedFuture(new PathLease(path, stream));
            }
            path.release();
            if (attempts > 1 && error.getMessage() != null && error.getMessage().contains("path closed")) {
                return acquire(code, target, attempts - 1);
            }
            return CompletableFuture.<Lease>failedFuture(error);
        }).thenCompose(f -> f);
    }

    private static StreamPath.Target target(Point point) {
        if (point.streamUrl() == null || point.streamUrl().isBlank()) {
            throw new MediaUnavailableException(MediaUnavailableException.Kind.NOT_FOUND,
                    "point " + point.code() + " has no stream address");
        }
        try {
            URI url = new URI(point.streamUrl());
            if (!"rtsp".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
                throw new MediaUnavailableException(MediaUnavailableException.Kind.NOT_FOUND, "point " + point.code()
                        + " streams from " + url.getScheme() + "://, and the hub pulls rtsp:// only");
            }
            return new StreamPath.Target(url, new DeviceCredentials("", ""));
        } catch (URISyntaxException e) {
            throw new MediaUnavailableException(MediaUnavailableException.Kind.NOT_FOUND,
                    "point " + point.code() + " has an unreadable stream address");
        }
    }

    private RuntimeException explain(Throwable error, String code) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof MediaUnavailableException unavailable) {
            return unavailable;
        }
        if (cause instanceof TimeoutException) {
            return new MediaUnavailableException(MediaUnavailableException.Kind.UNREACHABLE, "camera of point " + code
                    + " did not start playing within " + connectTimeoutSeconds + " s");
        }
        return new MediaUnavailableException(MediaUnavailableException.Kind.UNREACHABLE,
                "camera of point " + code + " cannot be played: " + cause.getMessage());
    }

    /** Whether the point's camera is being pulled and has played: proof of life without a probe. */
    public boolean isPlaying(String pointCode) {
        StreamPath path = paths.get(pointCode);
        return path != null && path.isPlaying();
    }

    /** Paths open now. */
    public int openPaths() {
        return paths.size();
    }

    @Override
    public void close() {
        paths.values().forEach(StreamPath::closeNow);
    }

    /** One reader's hold on a path. */
    private static final class PathLease implements Lease {
        private final StreamPath path;
        private final MediaStream stream;
        private boolean released;

        PathLease(StreamPath path, MediaStream stream) {
            this.path = path;
            this.stream = stream;
        }

        @Override
        public MediaStream stream() {
            return stream;
        }

        @Override
        public synchronized void release() {
            if (!released) {
                released = true;
                path.release();
            }
        }
    }
}

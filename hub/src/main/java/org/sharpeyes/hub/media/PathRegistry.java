package org.sharpeyes.hub.media;

import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.sharpeyes.hub.media.source.PullSources;
import org.sharpeyes.hub.media.source.PullStats;
import org.sharpeyes.hub.media.source.RtspPullSource;
import org.sharpeyes.hub.registry.DeviceCredentials;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointStore;

/**
 * The one door stream servers use: attaches a viewer to the path of a point (pulling its camera once, however many
 * watch it). Registry look-ups run on the blocking executor, never on an event loop; each path owns its own state.
 */
public final class PathRegistry implements AutoCloseable {

    private static final int ATTEMPTS = 3;

    private final Map<String, StreamPath> paths = new ConcurrentHashMap<>();
    private final PointStore points;
    private final Executor blocking;
    private final EventLoopGroup loops;
    private final PullStats stats;
    private final MediaSettings settings;
    private final Map<String, PullSources> schemes = new ConcurrentHashMap<>(Map.of("rtsp", RtspPullSource::new));

    public PathRegistry(PointStore points, Executor blocking, EventLoopGroup loops, PullStats stats,
            MediaSettings settings) {
        this.points = points;
        this.blocking = blocking;
        this.loops = loops;
        this.stats = stats;
        this.settings = settings;
    }

    /**
     * Attaches one viewer to {@code live/{point.code}}. Completes once the camera plays, or with a
     * {@link MediaUnavailableException} saying why not (also after {@code connectTimeoutSeconds}, leaving nothing
     * attached). The caller detaches when its viewer goes.
     */
    public CompletableFuture<Attachment> attach(Point point) {
        StreamPath.Target target;
        try {
            target = target(point);
        } catch (MediaUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(() -> points.credentials(point.code()).orElse(null), blocking)
                .thenCompose(credentials -> attach(point.code(),
                        new StreamPath.Target(target.url(), credentials, target.sources()), ATTEMPTS))
                .exceptionally(error -> {
                    throw new CompletionException(explain(error, point.code()));
                });
    }

    private CompletableFuture<Attachment> attach(String code, StreamPath.Target target, int attempts) {
        StreamPath path = paths.computeIfAbsent(code, c -> new StreamPath(c, loops.next(), stats, settings,
                closed -> paths.remove(closed.pointCode(), closed)));
        return path.attach(target).handle((attachment, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(attachment);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause instanceof StreamPath.PathClosedException && attempts > 1) {
                paths.remove(code, path);
                return attach(code, target, attempts - 1);
            }
            return CompletableFuture.<Attachment>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    /** Pulls stream addresses of {@code scheme} (besides rtsp://) with {@code sources}. */
    public void addScheme(String scheme, PullSources sources) {
        schemes.put(scheme.toLowerCase(Locale.ROOT), sources);
    }

    private StreamPath.Target target(Point point) {
        if (point.streamUrl() == null || point.streamUrl().isBlank()) {
            throw new MediaUnavailableException(MediaUnavailableException.Kind.NOT_FOUND,
                    "point " + point.code() + " has no stream address");
        }
        try {
            URI url = new URI(point.streamUrl());
            PullSources sources = url.getScheme() == null ? null : schemes.get(url.getScheme().toLowerCase(
                    Locale.ROOT));
            if (sources == null || (url.getHost() == null && url.getRawAuthority() == null)) {
                throw new MediaUnavailableException(MediaUnavailableException.Kind.NOT_FOUND, "point " + point.code()
                        + " streams from " + url.getScheme() + "://, and the hub pulls " + String.join(", ",
                        schemes.keySet().stream().sorted().map(s -> s + "://").toList()) + " only");
            }
            return new StreamPath.Target(url, new DeviceCredentials("", ""), sources);
        } catch (URISyntaxException e) {
            throw new MediaUnavailableException(MediaUnavailableException.Kind.NOT_FOUND,
                    "point " + point.code() + " has an unreadable stream address");
        }
    }

    private static RuntimeException explain(Throwable error, String code) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof MediaUnavailableException unavailable) {
            return unavailable;
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

    /** Paths whose camera plays now. */
    public int playingPaths() {
        int total = 0;
        for (StreamPath path : paths.values()) {
            total += path.isPlaying() ? 1 : 0;
        }
        return total;
    }

    /** Viewers attached to any path now. */
    public int viewers() {
        int total = 0;
        for (StreamPath path : paths.values()) {
            total += path.viewers();
        }
        return total;
    }

    @Override
    public void close() {
        paths.values().forEach(StreamPath::closeNow);
    }
}

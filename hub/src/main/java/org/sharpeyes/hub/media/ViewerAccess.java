package org.sharpeyes.hub.media;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.sharpeyes.hub.auth.TokenService;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointStore;

/**
 * Decides whether a viewer's token may watch a point: a live login whose region covers the point. A point outside
 * the region is refused exactly like one that does not exist, so guessing URLs reveals nothing.
 */
public final class ViewerAccess {

    /** A refusal with the status to answer. */
    public static final class Refusal extends RuntimeException {
        private final HttpResponseStatus status;

        Refusal(HttpResponseStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public HttpResponseStatus status() {
            return status;
        }
    }

    private final TokenService tokens;
    private final PointStore points;
    private final Executor blocking;

    public ViewerAccess(TokenService tokens, PointStore points, Executor blocking) {
        this.tokens = tokens;
        this.points = points;
        this.blocking = blocking;
    }

    /** The point, when {@code token} may watch it; otherwise fails with a {@link Refusal}. */
    public CompletableFuture<Point> authorize(String token, String pointCode) {
        var session = tokens.resolve(token);
        if (session.isEmpty()) {
            return CompletableFuture.failedFuture(new Refusal(HttpResponseStatus.UNAUTHORIZED,
                    "a stream needs ?token= of a live login"));
        }
        var scope = session.get().operator().scope();
        return CompletableFuture.supplyAsync(() -> points.find(pointCode)
                .filter(point -> scope.covers(point.regionCode()))
                .orElseThrow(() -> new Refusal(HttpResponseStatus.NOT_FOUND, "no point " + pointCode
                        + " in your region")), blocking);
    }
}

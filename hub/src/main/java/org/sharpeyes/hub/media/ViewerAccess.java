package org.sharpeyes.hub.media;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.sharpeyes.hub.auth.TokenService;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.dispatch.PointAccess;

/**
 * Decides whether a viewer's token may watch a point: a live login that may see it ({@link PointAccess}). A point outside
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
    private final PointAccess access;
    private final Executor blocking;

    public ViewerAccess(TokenService tokens, PointAccess access, Executor blocking) {
        this.tokens = tokens;
        this.access = access;
        this.blocking = blocking;
    }

    /** The point, when {@code token} may watch it; otherwise fails with a {@link Refusal}. */
    public CompletableFuture<Point> authorize(String token, String pointCode) {
        var session = tokens.resolve(token);
        if (session.isEmpty()) {
            return CompletableFuture.failedFuture(new Refusal(HttpResponseStatus.UNAUTHORIZED,
                    "a stream needs ?token= of a live login"));
        }
        var operator = session.get().operator();
        return CompletableFuture.supplyAsync(() -> access.visible(operator, pointCode)
                .orElseThrow(() -> new Refusal(HttpResponseStatus.NOT_FOUND, "no point " + pointCode
                        + " in your region")), blocking);
    }
}

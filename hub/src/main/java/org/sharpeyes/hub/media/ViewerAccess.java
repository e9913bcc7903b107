package org.sharpeyes.hub.media;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import io.netty.channel.Channel;
import org.sharpeyes.hub.auth.OpenChannels;
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
    private final OpenChannels channels;
    private final Executor blocking;

    public ViewerAccess(TokenService tokens, PointAccess access, OpenChannels channels, Executor blocking) {
        this.tokens = tokens;
        this.access = access;
        this.channels = channels;
        this.blocking = blocking;
    }

    /**
     * The point, when {@code token} may watch it, with {@code channel} held for the login from then on (closed when
     * the login ends or the point leaves its scope); otherwise fails with a {@link Refusal}.
     */
    public CompletableFuture<Point> authorize(String token, String pointCode, Channel channel) {
        var session = tokens.resolve(token);
        if (session.isEmpty()) {
            return CompletableFuture.failedFuture(new Refusal(HttpResponseStatus.UNAUTHORIZED,
                    "a stream needs ?token= of a live login"));
        }
        var operator = session.get().operator();
        return CompletableFuture.supplyAsync(() -> {
            Point point = access.visible(operator, pointCode).orElseThrow(() -> new Refusal(
                    HttpResponseStatus.NOT_FOUND, "no point " + pointCode + " in your region"));
            channels.add(session.get(), point.code(), point.regionCode(), channel);
            return point;
        }, blocking);
    }
}

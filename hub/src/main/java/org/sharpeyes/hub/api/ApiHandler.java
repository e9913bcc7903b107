package org.sharpeyes.hub.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.sharpeyes.hub.auth.BearerToken;
import org.sharpeyes.hub.auth.TokenService;
import org.sharpeyes.hub.db.StoreException;
import org.sharpeyes.hub.registry.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door of the HTTP API: matches the route, checks login and role for every route in one place, runs the
 * handler on the blocking executor and writes its reply. One request per connection is in flight at a time.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final Router router;
    private final TokenService tokens;
    private final Executor executor;
    private final MeterRegistry metrics;

    ApiHandler(Router router, TokenService tokens, Executor executor, MeterRegistry metrics) {
        this.router = router;
        this.tokens = tokens;
        this.executor = executor;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest http) {
        long started = System.nanoTime();
        boolean keepAlive = HttpUtil.isKeepAlive(http);
        if (http.decoderResult().isFailure()) {
            Throwable cause = http.decoderResult().cause();
            respond(ctx, http.method(), false, false, "malformed", started, Reply.error(ApiException.badRequest(null,
                    "malformed HTTP request: " + (cause == null ? "unreadable" : cause.getMessage()))));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(http.uri());
        Router.Match match = router.match(http.method(), uri.path());
        if (!match.found()) {
            respond(ctx, http.method(), keepAlive, false, "unmatched", started, unmatched(http.method(), uri.path(),
                    match));
            return;
        }
        Route route = match.route();
        TokenService.Session session = tokens.resolve(BearerToken.from(http.headers().get(HttpHeaderNames.AUTHORIZATION), uri.parameters())).orElse(null);
        ApiException refusal = refusal(route.access(), session);
        if (refusal != null) {
            respond(ctx, http.method(), keepAlive, false, route.pattern(), started, Reply.error(refusal));
            return;
        }
        Request request = new Request(http.method(), uri.path(), uri.parameters(), http.headers().copy(),
                ByteBufUtil.getBytes(http.content()), match.params(), session, address(ctx));
        // Hold further requests on this connection until this one is answered, so replies keep their order.
        ctx.channel().config().setAutoRead(false);
        try {
            boolean gzip = Gzip.accepted(http.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
            executor.execute(() -> respond(ctx, http.method(), keepAlive, gzip, route.pattern(), started,
                    run(route, request)));
        } catch (RejectedExecutionException e) {
            respond(ctx, http.method(), false, false, route.pattern(), started, Reply.error(new ApiException(
                    HttpResponseStatus.SERVICE_UNAVAILABLE, "busy", "the hub is overloaded; try again shortly", null)));
        }
    }

    private static String address(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
    }

    private static Reply unmatched(HttpMethod method, String path, Router.Match match) {
        if (match.allowed().isEmpty()) {
            return Reply.error(ApiException.notFound("no such resource: " + path));
        }
        String allowed = match.allowed().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
        return Reply.error(new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                method + " is not allowed on " + path + "; allowed: " + allowed, null));
    }

    private static ApiException refusal(Access access, TokenService.Session session) {
        if (!access.needsLogin()) {
            return null;
        }
        if (session == null) {
            return ApiException.unauthorized("log in first: POST /api/v1/auth/login, then send the token as "
                    + "'Authorization: Bearer <token>' or '?token=<token>'; an expired token needs a new login");
        }
        if (!access.roles().contains(session.operator().role())) {
            return ApiException.forbidden("this needs the role " + access.roles().stream().map(Enum::name)
                    .collect(Collectors.joining(" or ")) + "; you are " + session.operator().role());
        }
        return null;
    }

    private Reply run(Route route, Request request) {
        try {
            router.admit(route, request);
            return route.handler().handle(request);
        } catch (ApiException e) {
            return Reply.error(e);
        } catch (InvalidInputException e) {
            return Reply.error(ApiException.badRequest(e.field(), e.getMessage()));
        } catch (StoreException e) {
            LOG.error("{} {}: database failure", request.method(), request.path(), e);
            return Reply.error(new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "storage_unavailable",
                    "the database could not complete the request", null));
        } catch (Exception e) {
            LOG.error("{} {} failed", request.method(), request.path(), e);
            return Reply.error(new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                    "the hub failed to handle the request; the log has the details", null));
        }
    }

    /**
     * Writes the reply; a large JSON or CSV one is gzipped for a client that takes it ({@code gzip}), on the blocking
     * executor that made it (a county's point map or export is megabytes of text).
     */
    private void respond(ChannelHandlerContext ctx, HttpMethod method, boolean keepAlive, boolean gzip, String route,
            long started, Reply reply) {
        boolean head = HttpMethod.HEAD.equals(method);
        boolean text = reply.contentType() != null && (reply.contentType().startsWith("application/json")
                || reply.contentType().startsWith("text/"));
        boolean compress = gzip && text && reply.body().length >= Gzip.MIN_BYTES;
        byte[] body = compress ? Gzip.compress(reply.body()) : reply.body();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        if (reply.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (text) {
            response.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        if (compress) {
            response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        if (reply.status().equals(HttpResponseStatus.UNAUTHORIZED)) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        Timer.builder("hub.http.requests").tag("method", method.name()).tag("route", route)
                .tag("status", Integer.toString(reply.status().code())).register(metrics)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        ctx.writeAndFlush(response).addListener(future -> {
            if (!keepAlive || !future.isSuccess()) {
                ctx.close();
            } else {
                ctx.channel().config().setAutoRead(true);
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}

package org.sharpeyes.hub.media.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sharpeyes.hub.api.ErrorResponses;
import org.sharpeyes.hub.api.HttpServer;
import org.sharpeyes.hub.auth.BearerToken;
import org.sharpeyes.hub.media.Attachment;
import org.sharpeyes.hub.media.MediaUnavailableException;
import org.sharpeyes.hub.media.PathRegistry;
import org.sharpeyes.hub.media.ViewerAccess;
import org.sharpeyes.hub.media.stream.ReaderPolicy;

/**
 * Serves {@code GET /live/{pointCode}.flv} as HTTP-FLV (chunked) and, on a WebSocket upgrade of the same URL, as
 * WebSocket-FLV (one binary message per FLV piece); {@code ws://…/live/{pointCode}.mp4} as fragmented MP4. Sits in the HTTP pipeline before the API and passes every other
 * request on. The token ({@code ?token=} or {@code Authorization: Bearer}) must cover the point's region.
 */
public final class LiveHttpHandler extends ChannelInboundHandlerAdapter {

    private static final Pattern LIVE_PATH = Pattern.compile("^/live/([^/]+)\\.(flv|mp4)$");

    private final ViewerAccess access;
    private final PathRegistry paths;
    private final ReaderPolicy policy;
    private Attachment attachment;

    public LiveHttpHandler(ViewerAccess access, PathRegistry paths, ReaderPolicy policy) {
        this.access = access;
        this.paths = paths;
        this.policy = policy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof FullHttpRequest request) {
            Matcher m = LIVE_PATH.matcher(new QueryStringDecoder(request.uri()).path());
            if (m.matches() && attachment == null) {
                try {
                    serve(ctx, request, m.group(1), m.group(2).equals("mp4"));
                } finally {
                    request.release();
                }
                return;
            }
        }
        ctx.fireChannelRead(message);
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, String code, boolean mp4) {
        if (!HttpMethod.GET.equals(request.method())) {
            error(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "streams are read with GET");
            return;
        }
        boolean websocket = "websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE));
        if (mp4 && !websocket) {
            error(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "fragmented MP4 is served over WebSocket only: ws://HOST/live/" + code + ".mp4?token=…");
            return;
        }
        String token = BearerToken.from(request.headers().get(HttpHeaderNames.AUTHORIZATION),
                new QueryStringDecoder(request.uri()).parameters());
        FullHttpRequest kept = request.retainedDuplicate();
        // Nothing else is read from this connection until the stream is ready or refused.
        ctx.channel().config().setAutoRead(false);
        access.authorize(token, code, ctx.channel()).thenCompose(paths::attach).whenComplete((opened, error) ->
                ctx.executor().execute(() -> {
                    try {
                        if (error != null) {
                            refuse(ctx, error);
                        } else if (!ctx.channel().isActive()) {
                            opened.detach();
                        } else {
                            start(ctx, kept, opened, websocket, mp4);
                        }
                    } finally {
                        kept.release();
                        ctx.channel().config().setAutoRead(true);
                    }
                }));
    }

    private void start(ChannelHandlerContext ctx, FullHttpRequest request, Attachment opened,
            boolean websocket, boolean mp4) {
        attachment = opened;
        if (websocket) {
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("ws://" + request.headers()
                    .get(HttpHeaderNames.HOST) + request.uri(), null, false).newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            handshaker.handshake(ctx.channel(), request).addListener(done -> {
                if (done.isSuccess()) {
                    HttpServer.becomeStream(ctx.pipeline());
                    if (mp4) {
                        opened.start(new Mp4StreamReader(ctx.channel(), policy, opened.stream()));
                    } else {
                        opened.start(FlvStreamReader.webSocket(ctx.channel(), policy, opened.stream()));
                    }
                }
            });
        } else {
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "video/x-flv");
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            HttpUtil.setTransferEncodingChunked(response, true);
            ctx.writeAndFlush(response);
            HttpServer.becomeStream(ctx.pipeline());
            opened.start(FlvStreamReader.http(ctx.channel(), policy, opened.stream()));
        }
    }

    private static void refuse(ChannelHandlerContext ctx, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ViewerAccess.Refusal refusal) {
            error(ctx, refusal.status(), refusal.status().code() == 401 ? "unauthorized" : "not_found",
                    refusal.getMessage());
        } else if (cause instanceof MediaUnavailableException unavailable) {
            boolean missing = unavailable.kind() == MediaUnavailableException.Kind.NOT_FOUND;
            error(ctx, missing ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    missing ? "not_found" : "camera_unavailable", unavailable.getMessage());
        } else {
            error(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "the stream could not be opened");
        }
    }

    private static void error(ChannelHandlerContext ctx, HttpResponseStatus status, String error, String detail) {
        ErrorResponses.sendAndClose(ctx, status, error, null, detail);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (attachment != null) {
            attachment.detach();
            attachment = null;
        }
        super.channelInactive(ctx);
    }
}

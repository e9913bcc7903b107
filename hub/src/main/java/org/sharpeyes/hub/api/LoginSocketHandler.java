package org.sharpeyes.hub.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.util.Optional;
import java.util.function.Consumer;
import org.sharpeyes.hub.auth.BearerToken;
import org.sharpeyes.hub.auth.OpenChannels;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.auth.TokenService;

/**
 * A server-to-client WebSocket that needs a login: takes the upgrade requests of its paths, refuses a plain request
 * (400) or a missing or dead token (401) before upgrading, lets the subclass check what was asked, then upgrades and
 * answers the control frames. Everything else passes down the pipeline.
 */
abstract class LoginSocketHandler extends ChannelInboundHandlerAdapter {

    private final TokenService tokens;
    private final OpenChannels channels;
    private WebSocketServerHandshaker handshaker;

    LoginSocketHandler(TokenService tokens, OpenChannels channels) {
        this.tokens = tokens;
        this.channels = channels;
    }

    /** Whether this socket serves {@code path}. */
    abstract boolean serves(String path);

    /**
     * Checks the request of a logged-in operator; either refuses it (with {@link #refuse}) and returns null, or
     * returns what to do with the channel once upgraded.
     */
    abstract Consumer<Channel> opened(ChannelHandlerContext ctx, QueryStringDecoder uri, Operator operator);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof FullHttpRequest request && handshaker == null) {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            if (serves(uri.path())) {
                try {
                    open(ctx, request, uri);
                } finally {
                    request.release();
                }
                return;
            }
        }
        if (message instanceof WebSocketFrame frame && handshaker != null) {
            try {
                if (frame instanceof CloseWebSocketFrame close) {
                    handshaker.close(ctx.channel(), close.retain());
                } else if (frame instanceof PingWebSocketFrame ping) {
                    ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                }
            } finally {
                frame.release();
            }
            return;
        }
        ctx.fireChannelRead(message);
    }

    private void open(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        if (!"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", null, uri.path()
                    + " is a WebSocket: connect with ws:// and ?token=");
            return;
        }
        Optional<TokenService.Session> session = tokens.resolve(BearerToken.from(
                request.headers().get(HttpHeaderNames.AUTHORIZATION), uri.parameters()));
        if (session.isEmpty()) {
            refuse(ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized", null,
                    "this WebSocket needs ?token= of a live login");
            return;
        }
        Consumer<Channel> onOpen = opened(ctx, uri, session.get().operator());
        if (onOpen == null) {
            return;
        }
        handshaker = new WebSocketServerHandshakerFactory("ws://" + request.headers().get(HttpHeaderNames.HOST)
                + request.uri(), null, false).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        Channel channel = ctx.channel();
        handshaker.handshake(channel, request).addListener(done -> {
            if (done.isSuccess()) {
                onOpen.accept(channel);
                channels.add(session.get(), null, null, channel);
            }
        });
    }

    /** Answers the upgrade request with a JSON error and closes the connection. */
    static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String error, String field,
            String detail) {
        ErrorResponses.sendAndClose(ctx, status, error, field, detail);
    }
}

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
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sharpeyes.hub.auth.BearerToken;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.auth.TokenService;
import org.sharpeyes.hub.dispatch.DispatchNotices;
import org.sharpeyes.hub.dispatch.Wall;
import org.sharpeyes.hub.dispatch.Walls;

/**
 * Two WebSockets of the centers: {@code /api/v1/walls/{id}/live} sends the wall now and again after every change
 * (layout, tiles, tours, pushes, alarms); {@code /api/v1/dispatch/live} sends the notices meant for the operator's
 * center (alarms, pushes, shares, PTZ take-overs). A wall of another center is 404, as in the REST API.
 */
public final class DispatchSocketHandler extends ChannelInboundHandlerAdapter {

    static final String NOTICES = "/api/v1/dispatch/live";
    private static final String WALLS = "/api/v1/walls/";

    /** Every open wall socket, by wall id; the {@link Walls} listener sends each change through this. */
    public static final class WallSockets {
        private final Map<Long, Set<Channel>> byWall = new ConcurrentHashMap<>();

        public void changed(Wall wall) {
            Set<Channel> channels = byWall.get(wall.id());
            if (channels == null || channels.isEmpty()) {
                return;
            }
            String text = new String(Json.write(Map.of("type", "wall", "wall", WallRoutes.view(wall))),
                    StandardCharsets.UTF_8);
            for (Channel channel : channels) {
                channel.writeAndFlush(new TextWebSocketFrame(text));
            }
        }

        void add(long wall, Channel channel) {
            byWall.computeIfAbsent(wall, k -> ConcurrentHashMap.newKeySet()).add(channel);
            channel.closeFuture().addListener(closed -> byWall.get(wall).remove(channel));
        }
    }

    private final TokenService tokens;
    private final Walls walls;
    private final WallSockets wallSockets;
    private final DispatchNotices notices;
    private WebSocketServerHandshaker handshaker;

    public DispatchSocketHandler(TokenService tokens, Walls walls, WallSockets wallSockets, DispatchNotices notices) {
        this.tokens = tokens;
        this.walls = walls;
        this.wallSockets = wallSockets;
        this.notices = notices;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof FullHttpRequest request && handshaker == null) {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            String path = uri.path();
            if (path.equals(NOTICES) || (path.startsWith(WALLS) && path.endsWith("/live"))) {
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
            ErrorResponses.sendAndClose(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", null,
                    uri.path() + " is a WebSocket: connect with ws:// and ?token=");
            return;
        }
        Optional<TokenService.Session> session = tokens.resolve(BearerToken.from(
                request.headers().get(HttpHeaderNames.AUTHORIZATION), uri.parameters()));
        if (session.isEmpty()) {
            ErrorResponses.sendAndClose(ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized", null,
                    "this WebSocket needs ?token= of a live login");
            return;
        }
        Operator operator = session.get().operator();
        Wall wall = null;
        if (!uri.path().equals(NOTICES)) {
            String id = uri.path().substring(WALLS.length(), uri.path().length() - "/live".length());
            try {
                wall = WallRoutes.wall(walls, operator, id);
            } catch (ApiException e) {
                ErrorResponses.sendAndClose(ctx, HttpResponseStatus.NOT_FOUND, "not_found", null, e.getMessage());
                return;
            }
        }
        handshaker = new WebSocketServerHandshakerFactory("ws://" + request.headers().get(HttpHeaderNames.HOST)
                + request.uri(), null, false).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        Channel channel = ctx.channel();
        long wallId = wall == null ? -1 : wall.id();
        handshaker.handshake(channel, request).addListener(done -> {
            if (!done.isSuccess()) {
                return;
            }
            if (wallId < 0) {
                subscribeNotices(channel, operator);
            } else {
                wallSockets.add(wallId, channel);
                walls.find(wallId).ifPresent(current -> channel.writeAndFlush(new TextWebSocketFrame(new String(
                        Json.write(Map.of("type", "wall", "wall", WallRoutes.view(current))),
                        StandardCharsets.UTF_8))));
            }
        });
    }

    private void subscribeNotices(Channel channel, Operator operator) {
        DispatchNotices.Listener listener = new DispatchNotices.Listener() {
            @Override
            public String centerCode() {
                return operator.centerCode();
            }

            @Override
            public void deliver(Map<String, Object> notice) {
                channel.writeAndFlush(new TextWebSocketFrame(new String(Json.write(notice), StandardCharsets.UTF_8)));
            }
        };
        notices.add(listener);
        channel.closeFuture().addListener(closed -> notices.remove(listener));
    }
}

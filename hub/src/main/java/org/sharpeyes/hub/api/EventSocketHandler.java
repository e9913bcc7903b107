package org.sharpeyes.hub.api;

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
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.hub.auth.BearerToken;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.auth.TokenService;
import org.sharpeyes.hub.events.LiveEvents;
import org.sharpeyes.hub.registry.RegionScope;

/**
 * {@code ws://HOST/api/v1/events/live?token=…&region=…&type=…}: events as JSON text frames the moment they are
 * stored, within what the operator may see ({@link PointAccess}). A region outside it is refused (403) before the
 * upgrade, like the REST API.
 */
public final class EventSocketHandler extends ChannelInboundHandlerAdapter {

    static final String PATH = "/api/v1/events/live";

    private final TokenService tokens;
    private final LiveEvents live;
    private final PointAccess access;
    private WebSocketServerHandshaker handshaker;

    public EventSocketHandler(TokenService tokens, LiveEvents live, PointAccess access) {
        this.tokens = tokens;
        this.live = live;
        this.access = access;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof FullHttpRequest request && handshaker == null) {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            if (uri.path().equals(PATH)) {
                try {
                    open(ctx, request, uri.parameters());
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

    private void open(ChannelHandlerContext ctx, FullHttpRequest request, Map<String, List<String>> query) {
        if (!"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
            error(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", null,
                    "live events are a WebSocket: ws://HOST" + PATH + "?token=…&region=…&type=…");
            return;
        }
        String token = BearerToken.from(request.headers().get(HttpHeaderNames.AUTHORIZATION), query);
        Optional<TokenService.Session> session = tokens.resolve(token);
        if (session.isEmpty()) {
            error(ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized", null, "live events need ?token= of a live login");
            return;
        }
        RegionScope scope = session.get().operator().scope();
        String region = first(query, "region");
        if (region != null && !scope.covers(region)) {
            error(ctx, HttpResponseStatus.FORBIDDEN, "forbidden", "region", "region " + region
                    + " is outside your center's region " + scope.rootCode());
            return;
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        String typeList = first(query, "type");
        if (typeList != null) {
            for (String name : typeList.split(",")) {
                try {
                    types.add(EventType.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    error(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", "type", "type must be among "
                            + java.util.Arrays.toString(EventType.values()) + ", got '" + name + "'");
                    return;
                }
            }
        }
        handshaker = new WebSocketServerHandshakerFactory("ws://" + request.headers().get(HttpHeaderNames.HOST)
                + request.uri(), null, false).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        handshaker.handshake(ctx.channel(), request).addListener(done -> {
            if (done.isSuccess()) {
                Operator operator = session.get().operator();
                live.add(new LiveEvents.Subscriber(ctx.channel(), (regionCode, pointCode) -> access.maySee(operator,
                        regionCode, pointCode), region, types));
            }
        });
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).trim();
    }

    private static void error(ChannelHandlerContext ctx, HttpResponseStatus status, String error, String field,
            String detail) {
        ErrorResponses.sendAndClose(ctx, status, error, field, detail);
    }
}

package org.sharpeyes.hub.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.auth.OpenChannels;
import org.sharpeyes.hub.auth.TokenService;
import org.sharpeyes.hub.dispatch.DispatchNotices;
import org.sharpeyes.hub.dispatch.Wall;
import org.sharpeyes.hub.dispatch.Walls;

/**
 * Two WebSockets of the centers: {@code /api/v1/walls/{id}/live} sends the wall now and again after every change
 * (layout, tiles, tours, pushes, alarms); {@code /api/v1/dispatch/live} sends the notices meant for the operator's
 * center (alarms, pushes, shares, PTZ take-overs). A wall of another center is 404, as in the REST API.
 */
public final class DispatchSocketHandler extends LoginSocketHandler {

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

    private final Walls walls;
    private final WallSockets wallSockets;
    private final DispatchNotices notices;

    public DispatchSocketHandler(TokenService tokens, OpenChannels channels, Walls walls, WallSockets wallSockets,
            DispatchNotices notices) {
        super(tokens, channels);
        this.walls = walls;
        this.wallSockets = wallSockets;
        this.notices = notices;
    }

    @Override
    boolean serves(String path) {
        return path.equals(NOTICES) || (path.startsWith(WALLS) && path.endsWith("/live"));
    }

    @Override
    Consumer<Channel> opened(ChannelHandlerContext ctx, QueryStringDecoder uri, Operator operator) {
        if (uri.path().equals(NOTICES)) {
            return channel -> subscribeNotices(channel, operator);
        }
        String id = uri.path().substring(WALLS.length(), uri.path().length() - "/live".length());
        Wall wall;
        try {
            wall = WallRoutes.wall(walls, operator, id);
        } catch (ApiException e) {
            refuse(ctx, HttpResponseStatus.NOT_FOUND, "not_found", null, e.getMessage());
            return null;
        }
        long wallId = wall.id();
        return channel -> {
            wallSockets.add(wallId, channel);
            walls.find(wallId).ifPresent(current -> channel.writeAndFlush(new TextWebSocketFrame(new String(
                    Json.write(Map.of("type", "wall", "wall", WallRoutes.view(current))), StandardCharsets.UTF_8))));
        };
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

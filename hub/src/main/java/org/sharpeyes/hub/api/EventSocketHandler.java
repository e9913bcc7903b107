package org.sharpeyes.hub.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.auth.OpenChannels;
import org.sharpeyes.hub.auth.TokenService;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.events.LiveEvents;
import org.sharpeyes.hub.registry.RegionScope;
import org.sharpeyes.hub.registry.Echo;

/**
 * {@code ws://HOST/api/v1/events/live?token=…&region=…&type=…}: events as JSON text frames the moment they are
 * stored, within what the operator may see ({@link PointAccess}). A region outside it is refused (403) before the
 * upgrade, like the REST API.
 */
public final class EventSocketHandler extends LoginSocketHandler {

    static final String PATH = "/api/v1/events/live";

    private final LiveEvents live;
    private final PointAccess access;

    public EventSocketHandler(TokenService tokens, OpenChannels channels, LiveEvents live, PointAccess access) {
        super(tokens, channels);
        this.live = live;
        this.access = access;
    }

    @Override
    boolean serves(String path) {
        return path.equals(PATH);
    }

    @Override
    Consumer<Channel> opened(ChannelHandlerContext ctx, QueryStringDecoder uri, Operator operator) {
        Map<String, List<String>> query = uri.parameters();
        RegionScope scope = operator.scope();
        String region = first(query, "region");
        if (region != null && !scope.covers(region)) {
            refuse(ctx, HttpResponseStatus.NOT_FOUND, "not_found", "region", RegionScope.notYours(region));
            return null;
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        String typeList = first(query, "type");
        if (typeList != null) {
            for (String name : typeList.split(",")) {
                try {
                    types.add(EventType.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", "type", "type must be among "
                            + java.util.Arrays.toString(EventType.values()) + ", got '" + Echo.text(name) + "'");
                    return null;
                }
            }
        }
        return channel -> live.add(new LiveEvents.Subscriber(channel, (regionCode, pointCode) ->
                access.maySee(operator, regionCode, pointCode), region, types));
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0).trim();
    }
}

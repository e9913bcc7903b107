package org.sharpeyes.hub.api;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.events.EventQuery;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.events.EventStore;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.events.EventViews;
import org.sharpeyes.hub.registry.RegionDirectory;
import org.sharpeyes.hub.registry.RegionScope;
import org.sharpeyes.hub.registry.Echo;

/**
 * Device events, newest first, confined to the caller's region (and the points on their center's walls, asked for by
 * {@code point=}); dead letters for hub-wide administrators.
 */
public final class EventRoutes {

    private static final int MAX_PAGE_SIZE = 1_000;

    private final EventStore events;
    private final RegionDirectory regions;
    private final PointAccess access;

    public EventRoutes(EventStore events, RegionDirectory regions, PointAccess access) {
        this.events = events;
        this.regions = regions;
        this.access = access;
    }

    public void register(Router router) {
        router.get("/api/v1/events", Access.LOGGED_IN, this::search);
        router.get("/api/v1/events/dead-letters", Access.roles(Role.ADMIN), this::deadLetters);
    }

    private Reply search(Request request) {
        RegionScope scope = request.operator().scope();
        Optional<String> requested = request.queryParam("region");
        requested.ifPresent(code -> {
            if (regions.find(code).isEmpty()) {
                throw ApiException.badRequest("region", "region " + code + " is not registered");
            }
        });
        Optional<String> point = request.queryParam("point");
        Optional<Point> named = point.map(code -> access.visible(request.operator(), code).orElseThrow(() ->
                ApiException.notFound("no point " + code + " in your region")));
        boolean granted = named.filter(p -> !access.owns(request.operator(), p)).isPresent();
        // A point on the center's walls but outside its region is searched by itself, without the region limit.
        Optional<String> region = granted ? requested : scope.narrow(requested.orElse(null));
        if (requested.isPresent() && region.isEmpty()) {
            throw ApiException.forbidden("region " + requested.get() + " is outside your center's region "
                    + scope.rootCode());
        }
        EventType type = request.queryParam("type").map(EventRoutes::type).orElse(null);
        int page = request.intParam("page", 1, 1, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int size = request.intParam("size", 50, 1, MAX_PAGE_SIZE);
        EventQuery query = new EventQuery(region.orElse(null), type, point.orElse(null),
                time(request, "since"), time(request, "until"), page, size);
        var found = events.search(query);
        return Reply.ok(Views.page(found, found.items().stream().map(EventViews::event).toList()));
    }

    private Reply deadLetters(Request request) {
        if (!request.operator().scope().isAll()) {
            throw ApiException.forbidden("dead letters may come from devices of any region: only a hub-wide "
                    + "administrator may read them");
        }
        int page = request.intParam("page", 1, 1, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int size = request.intParam("size", 50, 1, MAX_PAGE_SIZE);
        var found = events.deadLetters(page, size);
        return Reply.ok(Views.page(found, found.items().stream().map(EventViews::deadLetter).toList()));
    }


    private static EventType type(String text) {
        try {
            return EventType.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("type", "type must be one of " + java.util.Arrays.toString(
                    EventType.values()) + ", got '" + Echo.text(text) + "'");
        }
    }

    private static OffsetDateTime time(Request request, String name) {
        return request.queryParam(name).map(text -> {
            try {
                return OffsetDateTime.parse(text.trim().replace(' ', '+'));
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(name, name + " must be an ISO-8601 time with offset, e.g. "
                        + "2026-11-22T08:00:00+08:00, got '" + Echo.text(text) + "'");
            }
        }).orElse(null);
    }
}

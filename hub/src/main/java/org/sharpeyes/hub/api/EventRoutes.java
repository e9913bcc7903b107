package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.events.EventQuery;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.events.EventStore;
import org.sharpeyes.hub.events.ImageStore;
import org.sharpeyes.hub.events.StoredEvent;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.events.EventViews;
import org.sharpeyes.hub.registry.RegionDirectory;
import org.sharpeyes.hub.registry.RegionScope;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.registry.Echo;

/**
 * Device events, newest first, confined to the caller's region (and the points on their center's walls, asked for by
 * {@code point=}); dead letters for hub-wide administrators.
 */
public final class EventRoutes {

    private static final int MAX_PAGE_SIZE = 1_000;

    private static final int MAX_HOURS = 24 * 7;

    private final EventStore events;
    private final ImageStore images;
    private final RegionDirectory regions;
    private final PointAccess access;
    private final Clock clock;

    public EventRoutes(EventStore events, ImageStore images, RegionDirectory regions, PointAccess access,
            Clock clock) {
        this.events = events;
        this.images = images;
        this.regions = regions;
        this.access = access;
        this.clock = clock;
    }

    public void register(Router router) {
        router.scope(Touches.EVENT, this::visible);
        router.get("/api/v1/events", Access.LOGGED_IN, this::search);
        router.get("/api/v1/events/dead-letters", Access.roles(Role.ADMIN), this::deadLetters);
        router.get("/api/v1/events/hourly", Access.LOGGED_IN, this::hourly);
        router.get("/api/v1/events/{id}", Access.LOGGED_IN, request -> Reply.ok(EventViews.event(visible(request))));
        router.get("/api/v1/events/{id}/images/{ref}", Access.LOGGED_IN, this::image);
    }

    /** An event whose point the caller may see; any other id is "not found", so ids reveal nothing. */
    private StoredEvent visible(Request request) {
        return visible(request.operator(), request.pathParam("id"));
    }

    private StoredEvent visible(Operator operator, String id) {
        return events.find(id).filter(event -> access.visible(operator, event.pointCode()).isPresent())
                .orElseThrow(() -> ApiException.notFound("no event " + Echo.text(id) + " in your region"));
    }

    private Reply image(Request request) throws IOException {
        StoredEvent event = visible(request);
        String ref = request.pathParam("ref");
        Path file = event.imageRefs().contains(ref) ? images.file(ref).orElse(null) : null;
        if (file == null) {
            throw ApiException.notFound("event " + event.id() + " has no image " + Echo.text(ref));
        }
        String type = ref.endsWith(".jpg") ? "image/jpeg" : ref.endsWith(".png") ? "image/png"
                : "application/octet-stream";
        return new Reply(HttpResponseStatus.OK, type, Files.readAllBytes(file));
    }

    /** Events per hour in the caller's scope over the last {@code hours} whole hours, the current one last. */
    private Reply hourly(Request request) {
        RegionScope scope = request.operator().scope();
        Optional<String> region = RegionParam.scoped(request, regions);
        int hours = request.intParam("hours", 24, 1, MAX_HOURS);
        OffsetDateTime from = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.HOURS).minusHours(hours - 1L);
        List<Long> counts = events.perHour(region.orElse(null), from, hours);
        List<Map<String, Object>> view = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            view.add(Map.of("hour", from.plusHours(i).toString(), "events", counts.get(i)));
        }
        return Reply.ok(Map.of("region", region.orElse(scope.rootCode() == null ? "" : scope.rootCode()),
                "hours", view));
    }

    private Reply search(Request request) {
        RegionScope scope = request.operator().scope();
        Optional<String> requested = RegionParam.requested(request, regions);
        Optional<String> point = request.queryParam("point");
        Optional<Point> named = point.map(code -> access.visible(request.operator(), code).orElseThrow(() ->
                ApiException.notFound("no point " + code + " in your region")));
        boolean granted = named.filter(p -> !access.owns(request.operator(), p)).isPresent();
        // A point on the center's walls but outside its region is searched by itself, without the region limit.
        Optional<String> region = granted ? requested : scope.narrow(requested.orElse(null));
        if (requested.isPresent() && region.isEmpty()) {
            throw RegionParam.notYours(requested.get());
        }
        EventType type = request.queryParam("type").map(EventRoutes::type).orElse(null);
        int page = request.intParam("page", 1, 1, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int size = request.intParam("size", 50, 1, MAX_PAGE_SIZE);
        EventQuery query = new EventQuery(region.orElse(null), type, point.orElse(null),
                request.queryParam("plate").filter(p -> !p.isBlank()).orElse(null),
                TimeParam.read(request, "since"), TimeParam.read(request, "until"), page, size);
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
}

package org.sharpeyes.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sharpeyes.hub.dispatch.Alarm;
import org.sharpeyes.hub.dispatch.AlarmDesk;
import org.sharpeyes.hub.dispatch.AlarmState;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointType;
import org.sharpeyes.hub.registry.Echo;

/** Alarms: list, read with their notes, acknowledge, comment, close; and the cameras an alarm point opens. */
public final class AlarmRoutes {

    private final AlarmDesk desk;
    private final PointAccess access;

    public AlarmRoutes(AlarmDesk desk, PointAccess access) {
        this.desk = desk;
        this.access = access;
    }

    public void register(Router router) {
        router.scope(Touches.ALARM, (operator, id) -> run(() -> desk.visible(operator, id)));
        router.get("/api/v1/alarms", Access.LOGGED_IN, this::list);
        router.get("/api/v1/alarms/{id}", Access.LOGGED_IN, request -> Reply.ok(detail(run(() ->
                desk.visible(request.operator(), request.pathParam("id"))))));
        router.post("/api/v1/alarms/{id}/ack", DispatchAccess.DISPATCHERS, request -> Reply.ok(detail(run(() ->
                desk.acknowledge(request.operator(), request.pathParam("id"), optionalText(request, "comment"))))));
        router.post("/api/v1/alarms/{id}/comment", DispatchAccess.DISPATCHERS, request -> {
            // "comment", as ack and close name theirs, is taken too: a client that guessed it should not lose the note.
            String text = Optional.ofNullable(optionalText(request, "text"))
                    .orElseGet(() -> optionalText(request, "comment"));
            if (text == null) {
                throw ApiException.badRequest("text", "text is required");
            }
            return Reply.ok(detail(run(() -> desk.comment(request.operator(), request.pathParam("id"), text))));
        });
        router.post("/api/v1/alarms/{id}/close", DispatchAccess.DISPATCHERS, request -> Reply.ok(detail(run(() ->
                desk.close(request.operator(), request.pathParam("id"), optionalText(request, "comment"))))));
        router.get("/api/v1/points/{code}/links", Access.LOGGED_IN, request -> Reply.ok(Map.of("cameras",
                desk.links(alarmPoint(request).code()))));
        router.put("/api/v1/points/{code}/links", DispatchAccess.SUPERVISORS, this::setLinks);
    }

    private Reply list(Request request) {
        AlarmState state = request.queryParam("state").map(AlarmRoutes::state).orElse(null);
        String scope = request.queryParam("scope").orElse("center");
        if (!scope.equals("center") && !scope.equals("subtree")) {
            throw ApiException.badRequest("scope", "scope must be center or subtree, got '" + Echo.text(scope) + "'");
        }
        int page = request.intParam("page", 1, 1, 1_000_000);
        int size = request.intParam("size", 50, 1, 500);
        var found = desk.list(request.operator(), scope.equals("subtree"), state, page, size);
        return Reply.ok(Views.page(found, found.items()));
    }

    private Map<String, Object> detail(Alarm alarm) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("alarm", alarm);
        view.put("notes", desk.notes(alarm.id()));
        return view;
    }

    private Point alarmPoint(Request request) {
        String code = request.pathParam("code");
        Point point = access.visible(request.operator(), code).filter(p -> access.owns(request.operator(), p))
                .orElseThrow(() -> ApiException.notFound("no point " + code + " in your region"));
        if (point.type() != PointType.ONE_KEY_ALARM && point.type() != PointType.FACE_RECOGNIZER) {
            throw ApiException.badRequest(null, "point " + code + " is a " + point.type()
                    + "; links belong to ONE_KEY_ALARM and FACE_RECOGNIZER points");
        }
        return point;
    }

    private Reply setLinks(Request request) {
        Point point = alarmPoint(request);
        JsonNode cameras = Json.readObject(request.body()).get("cameras");
        if (cameras == null || !cameras.isArray() || cameras.size() > 16) {
            throw ApiException.badRequest("cameras", "cameras must be a list of at most 16 camera point codes");
        }
        List<String> codes = new ArrayList<>();
        for (JsonNode camera : cameras) {
            Point linked = access.visible(request.operator(), camera.asText()).orElseThrow(() ->
                    ApiException.badRequest("cameras", "no point " + camera.asText() + " in your region"));
            if (!linked.type().hasVideo()) {
                throw ApiException.badRequest("cameras", "point " + linked.code() + " is a " + linked.type()
                        + ", not a camera");
            }
            codes.add(linked.code());
        }
        desk.setLinks(request.operator(), point, codes);
        return Reply.ok(Map.of("cameras", codes));
    }

    private static String optionalText(Request request, String field) {
        if (request.body().length == 0) {
            return null;
        }
        JsonNode value = Json.readObject(request.body()).get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            return null;
        }
        if (value.asText().length() > 1024) {
            throw ApiException.badRequest(field, field + " must be at most 1024 characters");
        }
        return value.asText().strip();
    }

    private static Alarm run(java.util.function.Supplier<Alarm> action) {
        try {
            return action.get();
        } catch (AlarmDesk.Refused e) {
            if (e.notFound()) {
                throw ApiException.notFound(e.getMessage());
            }
            throw new ApiException(HttpResponseStatus.CONFLICT, "conflict", e.getMessage(), null);
        }
    }

    private static AlarmState state(String text) {
        try {
            return AlarmState.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("state", "state must be OPEN, ACKNOWLEDGED or CLOSED, got '"
                    + Echo.text(text) + "'");
        }
    }
}

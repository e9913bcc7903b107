package org.sharpeyes.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.dispatch.AuditAction;
import org.sharpeyes.hub.dispatch.AuditLog;
import org.sharpeyes.hub.dispatch.CenterDirectory;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.dispatch.Tile;
import org.sharpeyes.hub.dispatch.Wall;
import org.sharpeyes.hub.dispatch.Walls;
import org.sharpeyes.hub.registry.Echo;

/** A center's video walls: list, create, change the layout, set tiles (a point, a tour, or nothing). */
public final class WallRoutes {

    static final int MIN_TOUR_SECONDS = 5;

    private final Walls walls;
    private final CenterDirectory centers;
    private final PointAccess access;
    private final AuditLog audit;

    public WallRoutes(Walls walls, CenterDirectory centers, PointAccess access, AuditLog audit) {
        this.walls = walls;
        this.centers = centers;
        this.access = access;
        this.audit = audit;
    }

    public void register(Router router) {
        router.scope(Touches.WALL, (operator, id) -> wall(walls, operator, id));
        router.get("/api/v1/walls", Access.LOGGED_IN, request -> Reply.ok(walls.of(center(request)).stream()
                .map(WallRoutes::view).toList()));
        router.post("/api/v1/walls", DispatchAccess.DISPATCHERS, this::create);
        router.get("/api/v1/walls/{id}", Access.LOGGED_IN, request -> Reply.ok(view(wall(request))));
        router.put("/api/v1/walls/{id}/layout", DispatchAccess.DISPATCHERS, this::layout);
        router.put("/api/v1/walls/{id}/tiles/{n}", DispatchAccess.DISPATCHERS, this::tile);
    }

    /** The caller's center; a hub-wide administrator names one with {@code ?center=}. */
    private String center(Request request) {
        Operator operator = request.operator();
        String code = operator.centerCode() != null ? operator.centerCode() : request.queryParam("center")
                .orElseThrow(() -> ApiException.badRequest("center", "a hub-wide administrator names the center: "
                        + "?center=CODE"));
        // Through the directory, which makes a new region's center on first use, before any wall refers to it.
        return centers.find(code).orElseThrow(() -> ApiException.notFound("no center " + code)).code();
    }

    /** The wall in the path, if it belongs to the caller's center (any, for a hub-wide administrator). */
    static Wall wall(Walls walls, Operator operator, String idText) {
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no wall " + idText + " at your center");
        }
        return walls.find(id).filter(w -> operator.centerCode() == null || w.centerCode().equals(
                operator.centerCode())).orElseThrow(() -> ApiException.notFound("no wall " + idText
                        + " at your center"));
    }

    private Wall wall(Request request) {
        return wall(walls, request.operator(), request.pathParam("id"));
    }

    private Reply create(Request request) {
        String center = center(request);
        JsonNode body = Json.readObject(request.body());
        String name = text(body, "name", "墙" + (walls.of(center).size() + 1));
        if (name.length() > 64) {
            throw ApiException.badRequest("name", "name must be at most 64 characters");
        }
        int layout = layout(body);
        Wall wall = walls.create(center, name, layout);
        audit.record(request.operator(), AuditAction.WALL_CREATED, Long.toString(wall.id()), center, name);
        return Reply.created(view(wall));
    }

    private Reply layout(Request request) {
        Wall wall = wall(request);
        int layout = layout(Json.readObject(request.body()));
        Wall changed = walls.layout(wall.id(), layout);
        audit.record(request.operator(), AuditAction.WALL_LAYOUT, Long.toString(wall.id()), wall.centerCode(),
                wall.layout() + " -> " + layout + " tiles");
        return Reply.ok(view(changed));
    }

    private Reply tile(Request request) {
        Wall wall = wall(request);
        int number = tileNumber(request.pathParam("n"), wall);
        JsonNode body = Json.readObject(request.body());
        Tile tile;
        JsonNode tour = body.get("tour");
        JsonNode point = body.get("pointCode");
        if (tour != null && !tour.isNull()) {
            List<String> codes = new ArrayList<>();
            JsonNode list = tour.get("points");
            if (list == null || !list.isArray() || list.size() < 2 || list.size() > 64) {
                throw ApiException.badRequest("tour.points", "a tour needs 2 to 64 point codes");
            }
            for (JsonNode code : list) {
                codes.add(seeable(request, code.asText()));
            }
            JsonNode seconds = tour.get("seconds");
            if (seconds == null || !seconds.canConvertToInt() || seconds.asInt() < MIN_TOUR_SECONDS
                    || seconds.asInt() > 3600) {
                throw ApiException.badRequest("tour.seconds", "tour.seconds must be a whole number from "
                        + MIN_TOUR_SECONDS + " to 3600");
            }
            tile = Tile.tour(number, codes, seconds.asInt());
        } else if (point != null && !point.isNull()) {
            tile = Tile.showing(number, seeable(request, point.asText()), null, null);
        } else {
            tile = Tile.empty(number);
        }
        Wall changed = walls.tile(wall.id(), tile);
        audit.record(request.operator(), AuditAction.WALL_TILE, wall.id() + "/" + number, wall.centerCode(),
                tile.isEmpty() ? "cleared" : tile.isTour() ? "tour " + tile.tour() + " every " + tile.tourSeconds()
                        + " s" : tile.pointCode());
        return Reply.ok(view(changed));
    }

    /**
     * A point the caller may put on a tile: one of their own region. A point lent to them (pushed, or opened by an
     * alarm) stays on the tile it came on and goes with it; copied elsewhere it would outlive the push.
     */
    private String seeable(Request request, String code) {
        return access.visible(request.operator(), code).filter(point -> access.owns(request.operator(), point))
                .orElseThrow(() -> ApiException.notFound("no point " + code + " in your region")).code();
    }

    private static int tileNumber(String text, Wall wall) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= wall.layout()) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("tile", "tile must be from 1 to " + wall.layout() + " on this " + wall.layout()
                + "-tile layout, got '" + Echo.text(text) + "'");
    }

    private static int layout(JsonNode body) {
        JsonNode layout = body.get("layout");
        if (layout == null) {
            return 4;
        }
        if (!layout.canConvertToInt() || !Wall.LAYOUTS.contains(layout.asInt())) {
            throw ApiException.badRequest("layout", "layout must be 1, 4, 6, 9, 16 or 25, got " + Echo.text(layout));
        }
        return layout.asInt();
    }

    private static String text(JsonNode body, String field, String fallback) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? fallback : value.asText().strip();
    }

    /** A wall as clients get it, with each tile's stream paths (the client adds its token). */
    static Map<String, Object> view(Wall wall) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", wall.id());
        view.put("center", wall.centerCode());
        view.put("name", wall.name());
        view.put("layout", wall.layout());
        view.put("version", wall.version());
        List<Map<String, Object>> tiles = new ArrayList<>();
        for (Tile tile : wall.tiles()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("tile", tile.number());
            t.put("pointCode", tile.pointCode());
            if (tile.isTour()) {
                t.put("tour", Map.of("points", tile.tour(), "seconds", tile.tourSeconds()));
            }
            t.put("pushedBy", tile.pushedBy());
            t.put("alarmId", tile.alarmId());
            if (tile.pushedBy() != null) {
                t.put("ptzGranted", tile.ptzGranted());
            }
            if (tile.pointCode() != null) {
                t.put("flv", "/live/" + tile.pointCode() + ".flv");
                t.put("mp4", "/live/" + tile.pointCode() + ".mp4");
            }
            tiles.add(t);
        }
        view.put("tiles", tiles);
        return view;
    }
}

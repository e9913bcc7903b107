package org.sharpeyes.hub.api;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sharpeyes.hub.dispatch.AuditAction;
import org.sharpeyes.hub.dispatch.AuditLog;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.dispatch.Tile;
import org.sharpeyes.hub.dispatch.Wall;
import org.sharpeyes.hub.dispatch.WallPreset;
import org.sharpeyes.hub.dispatch.WallPresets;
import org.sharpeyes.hub.dispatch.Walls;
import org.sharpeyes.hub.registry.Echo;

/**
 * Saved layouts of a wall: save the wall as it is under a name, list them, recall one (its points checked again,
 * since a point may have left the center's region since it was saved), remove one.
 */
public final class WallPresetRoutes {

    private final Walls walls;
    private final WallPresets presets;
    private final PointAccess access;
    private final AuditLog audit;
    private final Clock clock;

    public WallPresetRoutes(Walls walls, WallPresets presets, PointAccess access, AuditLog audit, Clock clock) {
        this.walls = walls;
        this.presets = presets;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Router router) {
        router.get("/api/v1/walls/{id}/layouts", Access.LOGGED_IN, request -> Reply.ok(presets.of(wall(request).id())
                .stream().map(WallPresetRoutes::view).toList()));
        router.put("/api/v1/walls/{id}/layouts/{name}", DispatchAccess.DISPATCHERS, this::save);
        router.post("/api/v1/walls/{id}/layouts/{name}/recall", DispatchAccess.DISPATCHERS, this::recall);
        router.delete("/api/v1/walls/{id}/layouts/{name}", DispatchAccess.DISPATCHERS, request -> {
            Wall wall = wall(request);
            if (!presets.remove(wall.id(), name(request))) {
                throw ApiException.notFound("wall " + wall.id() + " has no saved layout " + Echo.text(name(request)));
            }
            return Reply.noContent();
        });
    }

    private Wall wall(Request request) {
        return WallRoutes.wall(walls, request.operator(), request.pathParam("id"));
    }

    private static String name(Request request) {
        String name = request.pathParam("name").strip();
        if (name.isEmpty() || name.length() > 64) {
            throw ApiException.badRequest("name", "a saved layout's name is 1 to 64 characters");
        }
        return name;
    }

    private Reply save(Request request) {
        Wall wall = wall(request);
        String name = name(request);
        WallPreset saved = presets.save(wall, name, request.operator().username(), OffsetDateTime.now(clock))
                .orElseThrow(() -> ApiException.conflict("name", "wall " + wall.id() + " already has "
                        + WallPresets.MAX_PER_WALL + " saved layouts: remove one first"));
        audit.record(request.operator(), AuditAction.WALL_SAVED, wall.id() + "/" + name, wall.centerCode(),
                saved.tiles().size() + " tiles, layout " + saved.layout());
        return Reply.ok(view(saved));
    }

    private Reply recall(Request request) {
        Wall wall = wall(request);
        String name = name(request);
        WallPreset preset = presets.find(wall.id(), name).orElseThrow(() -> ApiException.notFound("wall " + wall.id()
                + " has no saved layout " + Echo.text(name)));
        List<Tile> tiles = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (Tile tile : preset.tiles()) {
            List<String> points = tile.isTour() ? tile.tour() : List.of(tile.pointCode());
            List<String> still = points.stream().filter(code -> access.visible(request.operator(), code)
                    .filter(point -> access.owns(request.operator(), point)).isPresent()).toList();
            points.stream().filter(code -> !still.contains(code)).forEach(left::add);
            if (tile.isTour() && still.size() >= 2) {
                tiles.add(Tile.tour(tile.number(), still, tile.tourSeconds()));
            } else if (!still.isEmpty()) {
                tiles.add(Tile.showing(tile.number(), still.get(0), null, null));
            }
        }
        Wall arranged = walls.arrange(wall.id(), preset.layout(), tiles);
        audit.record(request.operator(), AuditAction.WALL_RECALLED, wall.id() + "/" + name, wall.centerCode(),
                left.isEmpty() ? null : "left out " + left);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("wall", WallRoutes.view(arranged));
        body.put("leftOut", left);
        return Reply.ok(body);
    }

    private static Map<String, Object> view(WallPreset preset) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", preset.name());
        view.put("layout", preset.layout());
        view.put("tiles", preset.tiles().size());
        view.put("savedBy", preset.savedBy());
        view.put("savedAt", preset.savedAt());
        return view;
    }
}

package org.sharpeyes.hub.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.registry.FieldError;
import org.sharpeyes.hub.registry.PointStore;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionDirectory;
import org.sharpeyes.hub.registry.RegionKind;
import org.sharpeyes.hub.registry.RegionScope;
import org.sharpeyes.hub.registry.RegionTree;
import org.sharpeyes.hub.registry.Echo;

/** The region tree, adding regions, and per-region point statistics. */
public final class RegionRoutes {

    /** The body that adds a region. */
    public record NewRegion(String code, String name, String kind, String parent) {
    }

    private final RegionDirectory regions;
    private final PointStore points;

    public RegionRoutes(RegionDirectory regions, PointStore points) {
        this.regions = regions;
        this.points = points;
    }

    public void register(Router router) {
        router.scope(Touches.REGION, (operator, code) -> {
            if (!operator.scope().covers(code)) {
                throw ApiException.notFound(RegionScope.notYours(code));
            }
        });
        router.get("/api/v1/regions", Access.LOGGED_IN, this::tree);
        router.post("/api/v1/regions", Access.roles(Role.ADMIN), this::create);
        router.get("/api/v1/regions/{code}", Access.LOGGED_IN, request -> Reply.ok(
                Views.region(visible(request, request.pathParam("code")))));
        router.get("/api/v1/regions/{code}/stats", Access.LOGGED_IN, request -> {
            Region region = visible(request, request.pathParam("code"));
            return Reply.ok(Views.stats(region, points.stats(region.code())));
        });
    }

    /** The region if it exists and the caller may see it; otherwise 404, whichever of the two it is. */
    private Region visible(Request request, String code) {
        return regions.find(code).filter(r -> request.operator().scope().covers(r.code()))
                .orElseThrow(() -> ApiException.notFound("no region " + code + " in your region"));
    }

    private Reply tree(Request request) {
        RegionTree tree = regions.tree();
        RegionScope scope = request.operator().scope();
        List<Region> roots = scope.isAll() ? tree.roots() : tree.find(scope.rootCode()).map(List::of).orElse(List.of());
        return Reply.ok(roots.stream().map(root -> node(tree, root)).toList());
    }

    private static Map<String, Object> node(RegionTree tree, Region region) {
        Map<String, Object> view = new LinkedHashMap<>(Views.region(region));
        List<Map<String, Object>> children = new ArrayList<>();
        for (Region child : tree.children(region.code())) {
            children.add(node(tree, child));
        }
        view.put("children", children);
        return view;
    }

    private Reply create(Request request) {
        NewRegion body = Json.read(request.body(), NewRegion.class);
        RegionKind kind = null;
        if (body.kind() != null) {
            try {
                kind = RegionKind.valueOf(body.kind().strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("kind", "kind must be COUNTY, TOWNSHIP, VILLAGE, COMMUNITY or SCHOOL, "
                        + "got '" + Echo.text(body.kind()) + "'");
            }
        }
        String parent = body.parent() == null || body.parent().isBlank() ? null : body.parent().strip();
        RegionScope scope = request.operator().scope();
        if (!scope.isAll() && parent == null) {
            throw ApiException.badRequest("parent", "parent is needed: you add regions under your center's region "
                    + scope.rootCode());
        }
        if (scope.refuses(parent)) {
            throw ApiException.badRequest("parent", RegionScope.notYours(parent));
        }
        Region region = new Region(body.code() == null ? null : body.code().strip(),
                body.name() == null ? null : body.name().strip(), kind, parent);
        List<FieldError> errors = regions.addAll(List.of(region));
        if (!errors.isEmpty()) {
            FieldError first = errors.get(0);
            if (first.message().endsWith("already exists")) {
                throw ApiException.conflict(first.field(), first.message());
            }
            throw ApiException.badRequest(first.field(), first.message());
        }
        return Reply.created(Views.region(region));
    }
}

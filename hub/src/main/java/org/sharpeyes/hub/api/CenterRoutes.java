package org.sharpeyes.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.dispatch.AuditAction;
import org.sharpeyes.hub.dispatch.AuditLog;
import org.sharpeyes.hub.dispatch.Center;
import org.sharpeyes.hub.dispatch.CenterDirectory;
import org.sharpeyes.hub.dispatch.Tier;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.registry.Echo;

/** Centers: the caller's own and those below it; administrators rename them. */
public final class CenterRoutes {

    private final CenterDirectory centers;
    private final AuditLog audit;

    public CenterRoutes(CenterDirectory centers, AuditLog audit) {
        this.centers = centers;
        this.audit = audit;
    }

    public void register(Router router) {
        router.scope(Touches.CENTER, this::visible);
        router.get("/api/v1/centers", Access.LOGGED_IN, request -> {
            Tier tier = request.queryParam("tier").map(CenterRoutes::tier).orElse(null);
            return Reply.ok(centers.list(request.operator().centerCode()).stream()
                    .filter(c -> tier == null || c.tier() == tier).map(CenterRoutes::view).toList());
        });
        router.get("/api/v1/centers/{code}", Access.LOGGED_IN, request -> Reply.ok(view(visible(request))));
        router.put("/api/v1/centers/{code}", Access.roles(Role.ADMIN), request -> {
            Center center = visible(request);
            JsonNode body = Json.readObject(request.body());
            JsonNode name = body.get("name");
            if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 160) {
                throw ApiException.badRequest("name", "name must be text of 1 to 160 characters");
            }
            Center renamed = centers.rename(center.code(), name.asText().strip()).orElseThrow();
            audit.record(request.operator(), AuditAction.CENTER_RENAMED, center.code(), center.code(),
                    center.name() + " -> " + renamed.name());
            return Reply.ok(view(renamed));
        });
    }

    /** The center in the path, if it is the caller's or below it; otherwise 404. */
    private Center visible(Request request) {
        return visible(request.operator(), request.pathParam("code"));
    }

    private Center visible(Operator operator, String code) {
        return centers.find(code).filter(c -> operator.scope().covers(c.code()))
                .orElseThrow(() -> ApiException.notFound("no center " + code + " in your region"));
    }

    static Map<String, Object> view(Center center) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("code", center.code());
        view.put("name", center.name());
        view.put("tier", center.tier());
        return view;
    }

    private static Tier tier(String text) {
        try {
            return Tier.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("tier", "tier must be COUNTY, TOWNSHIP or VILLAGE, got '" + Echo.text(text)
                    + "'");
        }
    }
}

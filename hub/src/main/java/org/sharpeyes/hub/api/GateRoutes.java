package org.sharpeyes.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.dispatch.AuditAction;
import org.sharpeyes.hub.dispatch.AuditLog;
import org.sharpeyes.hub.events.GateControl;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointStore;
import org.sharpeyes.hub.registry.PointType;

/** {@code POST /api/v1/points/{code}/gate {"action":"open"}}: opens a barrier gate in the caller's region. */
public final class GateRoutes {

    private final PointStore points;
    private final GateControl gates;
    private final AuditLog audit;

    public GateRoutes(PointStore points, GateControl gates, AuditLog audit) {
        this.points = points;
        this.gates = gates;
        this.audit = audit;
    }

    public void register(Router router) {
        router.post("/api/v1/points/{code}/gate", Access.roles(Role.OPERATOR, Role.SUPERVISOR, Role.ADMIN),
                this::command);
    }

    private Reply command(Request request) {
        String code = request.pathParam("code");
        Point point = points.find(code).filter(p -> request.operator().scope().covers(p.regionCode()))
                .orElseThrow(() -> ApiException.notFound("no point " + code + " in your region"));
        if (point.type() != PointType.BARRIER_GATE) {
            throw ApiException.badRequest(null, "point " + code + " is a " + point.type() + ", not a barrier gate");
        }
        JsonNode body = Json.readObject(request.body());
        JsonNode action = body.get("action");
        if (action == null || !action.isTextual() || !action.asText().equalsIgnoreCase("open")) {
            throw ApiException.badRequest("action", "action must be \"open\"");
        }
        try {
            String commandId = gates.open(point, request.operator().username());
            audit.record(request.operator(), AuditAction.GATE_OPEN, code, point.regionCode(), "command " + commandId);
            return Reply.json(HttpResponseStatus.ACCEPTED, Map.of("commandId", commandId, "action", "open",
                    "pointCode", code));
        } catch (GateControl.Refused e) {
            throw ApiException.conflict(null, e.getMessage());
        }
    }
}

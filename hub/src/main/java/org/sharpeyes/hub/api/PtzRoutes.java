package org.sharpeyes.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.dispatch.AuditAction;
import org.sharpeyes.hub.dispatch.AuditLog;
import org.sharpeyes.hub.dispatch.CenterDirectory;
import org.sharpeyes.hub.dispatch.DispatchNotices;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.dispatch.PtzCommand;
import org.sharpeyes.hub.dispatch.PtzControl;
import org.sharpeyes.hub.dispatch.PtzLocks;
import org.sharpeyes.hub.dispatch.Tier;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointType;
import org.sharpeyes.hub.registry.Echo;

/**
 * {@code POST /api/v1/points/{code}/ptz {action, speed}}: moves a PTZ camera under its control lock (409 with the
 * holder when a center of the same or a higher tier holds it); {@code DELETE} gives the lock up, {@code GET} says who
 * holds it.
 */
public final class PtzRoutes {

    private final PointAccess access;
    private final PtzLocks locks;
    private final PtzControl control;
    private final CenterDirectory centers;
    private final AuditLog audit;
    private final DispatchNotices notices;

    public PtzRoutes(PointAccess access, PtzLocks locks, PtzControl control, CenterDirectory centers, AuditLog audit,
            DispatchNotices notices) {
        this.access = access;
        this.locks = locks;
        this.control = control;
        this.centers = centers;
        this.audit = audit;
        this.notices = notices;
    }

    public void register(Router router) {
        router.post("/api/v1/points/{code}/ptz", DispatchAccess.DISPATCHERS, this::command);
        router.get("/api/v1/points/{code}/ptz", Access.LOGGED_IN, request -> {
            Point point = camera(request);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("pointCode", point.code());
            body.put("holder", locks.holder(point.code()).map(PtzRoutes::holder).orElse(null));
            return Reply.ok(body);
        });
        router.delete("/api/v1/points/{code}/ptz", DispatchAccess.DISPATCHERS, request -> {
            Point point = camera(request);
            if (locks.release(point.code(), request.operator().username())) {
                audit.record(request.operator(), AuditAction.PTZ_RELEASE, point.code(), point.regionCode(), null);
            }
            return Reply.noContent();
        });
    }

    private Point camera(Request request) {
        String code = request.pathParam("code");
        Point point = access.visible(request.operator(), code)
                .orElseThrow(() -> ApiException.notFound("no point " + code + " in your region"));
        if (point.type() != PointType.PTZ_CAMERA) {
            throw ApiException.badRequest(null, "point " + code + " is a " + point.type() + ", not a PTZ_CAMERA");
        }
        return point;
    }

    private Reply command(Request request) throws InterruptedException {
        Point point = camera(request);
        if (!access.maySteer(request.operator(), point)) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "ptz_not_granted", "camera " + point.code()
                    + " was pushed to your wall to watch; its center did not grant PTZ (push with \"ptz\": true)",
                    null);
        }
        JsonNode body = Json.readObject(request.body());
        JsonNode actionNode = body.get("action");
        PtzCommand.Action action = PtzCommand.Action.parse(actionNode == null ? null : actionNode.asText())
                .orElseThrow(() -> ApiException.badRequest("action", "action must be left, right, up, down, zoomIn, "
                        + "zoomOut or stop, got " + Echo.text(actionNode)));
        JsonNode speedNode = body.get("speed");
        double speed = 0.5;
        if (speedNode != null && !speedNode.isNull()) {
            if (!speedNode.isNumber() || speedNode.asDouble() < 0 || speedNode.asDouble() > 1) {
                throw ApiException.badRequest("speed", "speed must be a number from 0 to 1, got "
                        + Echo.text(speedNode));
            }
            speed = speedNode.asDouble();
        }
        Operator operator = request.operator();
        Tier tier = operator.centerCode() == null ? Tier.COUNTY
                : centers.find(operator.centerCode()).map(c -> c.tier()).orElse(Tier.VILLAGE);
        boolean held = locks.holder(point.code()).map(h -> h.username().equals(operator.username())).orElse(false);
        PtzLocks.Outcome outcome = locks.acquire(point.code(), operator.username(), operator.centerCode(), tier);
        if (!outcome.granted()) {
            PtzLocks.Holder holder = outcome.holder();
            Map<String, Object> refusal = new LinkedHashMap<>();
            refusal.put("error", "ptz_locked");
            refusal.put("detail", "camera " + point.code() + " is controlled by " + holder.username() + " of center "
                    + holder.centerCode() + " (" + holder.tier() + "); it frees after the holder stops commanding");
            refusal.put("holder", holder(holder));
            return Reply.json(HttpResponseStatus.CONFLICT, refusal);
        }
        if (outcome.previous() != null) {
            audit.record(operator, AuditAction.PTZ_TAKEN_OVER, point.code(), point.regionCode(), "from "
                    + outcome.previous().username() + " of " + outcome.previous().centerCode());
            Map<String, Object> notice = new LinkedHashMap<>();
            notice.put("type", "ptz");
            notice.put("event", "taken");
            notice.put("pointCode", point.code());
            notice.put("from", outcome.previous().username());
            notice.put("by", operator.username());
            notice.put("byCenter", operator.centerCode());
            notices.send(outcome.previous().centerCode(), notice);
        } else if (!held) {
            audit.record(operator, AuditAction.PTZ_TAKE, point.code(), point.regionCode(), action.apiName());
        }
        try {
            control.send(point, new PtzCommand(action, speed)).get(8, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ApiException(HttpResponseStatus.BAD_GATEWAY, "camera_unreachable", "the camera did not take "
                    + "the PTZ command: " + cause.getMessage(), null);
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("pointCode", point.code());
        reply.put("action", action.apiName());
        reply.put("speed", speed);
        reply.put("holder", holder(outcome.holder()));
        return Reply.ok(reply);
    }

    private static Map<String, Object> holder(PtzLocks.Holder holder) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("username", holder.username());
        view.put("center", holder.centerCode());
        view.put("tier", holder.tier());
        return view;
    }
}

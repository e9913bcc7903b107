package org.sharpeyes.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sharpeyes.adapters.onvif.PtzPreset;
import org.sharpeyes.adapters.onvif.PtzStatus;
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
import org.sharpeyes.hub.onvif.OnvifPtzControl;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointType;
import org.sharpeyes.hub.registry.Echo;

/**
 * {@code POST /api/v1/points/{code}/ptz {action, speed, token}}: moves a PTZ camera, or sends it to a preset, under
 * its control lock (409 with the holder when a center of the same or a higher tier holds it); {@code DELETE} gives
 * the lock up, {@code GET} says who holds it. {@code /points/{code}/presets} lists, saves and removes the camera's
 * presets (through ONVIF).
 */
public final class PtzRoutes {

    private final PointAccess access;
    private final PtzLocks locks;
    private final PtzControl moves;
    private final OnvifPtzControl control;
    private final CenterDirectory centers;
    private final AuditLog audit;
    private final DispatchNotices notices;

    /** {@code moves} sends moves and presets to any camera; {@code control} lists, saves and reads ONVIF ones. */
    public PtzRoutes(PointAccess access, PtzLocks locks, PtzControl moves, OnvifPtzControl control,
            CenterDirectory centers, AuditLog audit, DispatchNotices notices) {
        this.access = access;
        this.locks = locks;
        this.moves = moves;
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
            if (point.onvifUrl() != null) {
                position(point, body);
            }
            return Reply.ok(body);
        });
        router.get("/api/v1/points/{code}/presets", Access.LOGGED_IN, this::listPresets);
        router.post("/api/v1/points/{code}/presets", DispatchAccess.DISPATCHERS, this::savePreset);
        router.delete("/api/v1/points/{code}/presets/{token}", DispatchAccess.DISPATCHERS, this::removePreset);
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
        JsonNode body = Json.readObject(request.body());
        JsonNode actionNode = body.get("action");
        PtzCommand.Action action = PtzCommand.Action.parse(actionNode == null ? null : actionNode.asText())
                .orElseThrow(() -> ApiException.badRequest("action", "action must be left, right, up, down, zoomIn, "
                        + "zoomOut, stop or preset, got " + Echo.text(actionNode)));
        JsonNode speedNode = body.get("speed");
        double speed = 0.5;
        if (speedNode != null && !speedNode.isNull()) {
            if (!speedNode.isNumber() || speedNode.asDouble() < 0 || speedNode.asDouble() > 1) {
                throw ApiException.badRequest("speed", "speed must be a number from 0 to 1, got "
                        + Echo.text(speedNode));
            }
            speed = speedNode.asDouble();
        }
        double chosenSpeed = speed;
        String token = null;
        if (action == PtzCommand.Action.PRESET) {
            JsonNode tokenNode = body.get("token");
            if (tokenNode == null || !tokenNode.isTextual() || tokenNode.asText().isBlank()) {
                throw ApiException.badRequest("token", "action preset needs the preset's token (GET "
                        + "/api/v1/points/" + point.code() + "/presets lists them), got " + Echo.text(tokenNode));
            }
            token = tokenNode.asText().strip();
        }
        PtzCommand command = new PtzCommand(action, speed, token);
        return steer(request, point, action.apiName(), holder -> {
            CameraErrors.await(moves.send(point, command), "take the PTZ command");
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("pointCode", point.code());
            reply.put("action", action.apiName());
            reply.put("speed", chosenSpeed);
            if (command.preset() != null) {
                reply.put("token", command.preset());
            }
            reply.put("holder", holder(holder));
            return Reply.ok(reply);
        });
    }

    private Reply listPresets(Request request) throws InterruptedException {
        Point point = camera(request);
        List<Map<String, Object>> list = new ArrayList<>();
        for (PtzPreset preset : CameraErrors.await(control.presets(point), "list its presets")) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("token", preset.token());
            view.put("name", preset.name());
            if (preset.position() != null) {
                Map<String, Object> position = new LinkedHashMap<>();
                position.put("pan", preset.position().pan());
                position.put("tilt", preset.position().tilt());
                position.put("zoom", preset.position().zoom());
                view.put("position", position);
            }
            list.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pointCode", point.code());
        body.put("presets", list);
        return Reply.ok(body);
    }

    private Reply savePreset(Request request) throws InterruptedException {
        Point point = camera(request);
        JsonNode body = Json.readObject(request.body());
        JsonNode nameNode = body.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()
                || nameNode.asText().strip().length() > 64) {
            throw ApiException.badRequest("name", "name must be text of 1 to 64 characters, got "
                    + Echo.text(nameNode));
        }
        JsonNode tokenNode = body.get("token");
        if (tokenNode != null && !tokenNode.isNull() && !tokenNode.isTextual()) {
            throw ApiException.badRequest("token", "token must be text (an existing preset to move), got "
                    + Echo.text(tokenNode));
        }
        String name = nameNode.asText().strip();
        String over = tokenNode == null || tokenNode.isNull() ? null : tokenNode.asText().strip();
        return steer(request, point, "preset", holder -> {
            String token = CameraErrors.await(control.savePreset(point, name, over), "save the preset");
            audit.record(request.operator(), AuditAction.PTZ_PRESET_SAVED, point.code(), point.regionCode(),
                    token + " " + name);
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("pointCode", point.code());
            reply.put("token", token);
            reply.put("name", name);
            return Reply.created(reply);
        });
    }

    private Reply removePreset(Request request) throws InterruptedException {
        Point point = camera(request);
        String token = request.pathParam("token");
        return steer(request, point, "preset", holder -> {
            CameraErrors.await(control.removePreset(point, token), "remove the preset");
            audit.record(request.operator(), AuditAction.PTZ_PRESET_REMOVED, point.code(), point.regionCode(),
                    token);
            return Reply.noContent();
        });
    }

    private interface Steering {
        Reply with(PtzLocks.Holder holder) throws InterruptedException;
    }

    /**
     * Runs {@code work} holding the camera's PTZ lock: refused (403) where the camera was pushed without PTZ, 409
     * with the holder where a center of the same or a higher tier holds it; a take-over is audited and told to the
     * center that lost it.
     */
    private Reply steer(Request request, Point point, String what, Steering work) throws InterruptedException {
        if (!access.maySteer(request.operator(), point)) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "ptz_not_granted", "camera " + point.code()
                    + " was pushed to your wall to watch; its center did not grant PTZ (push with \"ptz\": true)",
                    null);
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
            audit.record(operator, AuditAction.PTZ_TAKE, point.code(), point.regionCode(), what);
        }
        return work.with(outcome.holder());
    }

    /** Where an ONVIF camera points, or why the camera could not say; the lock holder is answered either way. */
    private void position(Point point, Map<String, Object> body) throws InterruptedException {
        try {
            PtzStatus status = CameraErrors.await(control.status(point), "say where it points");
            Map<String, Object> position = new LinkedHashMap<>();
            position.put("pan", status.position() == null ? null : status.position().pan());
            position.put("tilt", status.position() == null ? null : status.position().tilt());
            position.put("zoom", status.position() == null ? null : status.position().zoom());
            body.put("position", position);
            body.put("moving", status.moving());
        } catch (ApiException e) {
            body.put("positionError", e.getMessage());
        }
    }

    private static Map<String, Object> holder(PtzLocks.Holder holder) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("username", holder.username());
        view.put("center", holder.centerCode());
        view.put("tier", holder.tier());
        return view;
    }
}

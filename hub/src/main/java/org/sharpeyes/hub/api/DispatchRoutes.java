package org.sharpeyes.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.dispatch.AuditAction;
import org.sharpeyes.hub.dispatch.AuditLog;
import org.sharpeyes.hub.dispatch.Center;
import org.sharpeyes.hub.dispatch.CenterDirectory;
import org.sharpeyes.hub.dispatch.DispatchNotices;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.dispatch.Share;
import org.sharpeyes.hub.dispatch.Shares;
import org.sharpeyes.hub.dispatch.Wall;
import org.sharpeyes.hub.dispatch.Walls;
import org.sharpeyes.hub.registry.Point;

/** Pushing video down to a center below, and sharing a point up to the parent center. */
public final class DispatchRoutes {

    private final Walls walls;
    private final Shares shares;
    private final CenterDirectory centers;
    private final PointAccess access;
    private final AuditLog audit;
    private final DispatchNotices notices;

    public DispatchRoutes(Walls walls, Shares shares, CenterDirectory centers, PointAccess access, AuditLog audit,
            DispatchNotices notices) {
        this.walls = walls;
        this.shares = shares;
        this.centers = centers;
        this.access = access;
        this.audit = audit;
        this.notices = notices;
    }

    public void register(Router router) {
        router.post("/api/v1/dispatch/push", DispatchAccess.DISPATCHERS, this::push);
        router.post("/api/v1/dispatch/share-up", DispatchAccess.DISPATCHERS, this::shareUp);
        router.get("/api/v1/dispatch/shared", Access.LOGGED_IN, request -> Reply.ok(
                request.operator().centerCode() == null ? List.of()
                        : shares.sharedWith(request.operator().centerCode())));
        router.get("/api/v1/dispatch/pushed", Access.LOGGED_IN, request -> Reply.ok(
                request.operator().centerCode() == null ? Map.of()
                        : walls.pushedTo(request.operator().centerCode())));
    }

    private Reply push(Request request) {
        Operator operator = request.operator();
        JsonNode body = Json.readObject(request.body());
        Point point = ownPoint(operator, text(body, "pointCode"));
        String to = text(body, "toCenter");
        Center target = centers.find(to).filter(c -> operator.centerCode() == null
                || (c.code().startsWith(operator.centerCode()) && !c.code().equals(operator.centerCode())))
                .orElseThrow(() -> ApiException.notFound("no center " + to + " below yours"));
        Integer tile = null;
        JsonNode tileNode = body.get("tile");
        if (tileNode != null && !tileNode.isNull()) {
            if (!tileNode.canConvertToInt() || tileNode.asInt() < 1 || tileNode.asInt() > Wall.MAX_TILES) {
                throw ApiException.badRequest("tile", "tile must be from 1 to " + Wall.MAX_TILES);
            }
            tile = tileNode.asInt();
        }
        JsonNode ptz = body.get("ptz");
        if (ptz != null && !ptz.isNull() && !ptz.isBoolean()) {
            throw ApiException.badRequest("ptz", "ptz must be true (the receiving center may steer the camera) or "
                    + "false");
        }
        boolean ptzGranted = ptz != null && ptz.asBoolean();
        String pushedBy = operator.centerCode() == null ? "hub" : operator.centerCode();
        Walls.Placement placed = walls.place(target.code(), point.code(), tile, pushedBy, ptzGranted);
        audit.record(operator, AuditAction.PUSH, point.code(), target.code(), "to " + target.code() + " wall "
                + placed.wall().id() + " tile " + placed.tile());
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("type", "push");
        notice.put("pointCode", point.code());
        notice.put("from", pushedBy);
        notice.put("by", operator.username());
        notice.put("wall", placed.wall().id());
        notice.put("tile", placed.tile());
        notice.put("ptzGranted", ptzGranted);
        notices.send(target.code(), notice);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("wall", WallRoutes.view(placed.wall()));
        reply.put("tile", placed.tile());
        return Reply.ok(reply);
    }

    private Reply shareUp(Request request) {
        Operator operator = request.operator();
        JsonNode body = Json.readObject(request.body());
        Point point = ownPoint(operator, text(body, "pointCode"));
        Center own = centers.find(operator.centerCode()).orElseThrow(() -> ApiException.badRequest(null,
                "sharing up needs a center; a hub-wide administrator has none"));
        Center parent = centers.parentOf(own).orElseThrow(() -> ApiException.badRequest(null, "center "
                + own.code() + " is a county center: there is no center above it to share with"));
        JsonNode note = body.get("note");
        String noteText = note == null || note.isNull() ? null : note.asText();
        if (noteText != null && noteText.length() > 512) {
            throw ApiException.badRequest("note", "note must be at most 512 characters");
        }
        Share share = shares.share(point.code(), own.code(), parent.code(), operator.username(), noteText);
        audit.record(operator, AuditAction.SHARE_UP, point.code(), point.regionCode(), "to " + parent.code());
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("type", "share");
        notice.put("share", share);
        notices.send(parent.code(), notice);
        return Reply.created(share);
    }

    /** A point the operator may act on: in their own region (a point pushed to them is watched, not passed on). */
    private Point ownPoint(Operator operator, String code) {
        return access.visible(operator, code).filter(p -> access.owns(operator, p))
                .orElseThrow(() -> ApiException.notFound("no point " + code + " in your region"));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || !value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest(field, field + " is required");
        }
        return value.asText().strip();
    }
}

package org.sharpeyes.hub.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.gb28181.GbDevice;
import org.sharpeyes.hub.gb28181.GbDiagnosis;
import org.sharpeyes.hub.gb28181.GbService;
import org.sharpeyes.hub.gb28181.GbStreamAddress;
import org.sharpeyes.hub.registry.Point;

/**
 * {@code GET /api/v1/points/{code}/gb28181/diagnosis}: why a GB/T 28181 channel plays or does not, for anyone who may
 * see the point: its device's registration (online, last heard from, address) and the SIP and RTP timeline of its
 * last play attempts, newest first.
 */
public final class GbRoutes {

    private final GbService gb;
    private final PointAccess access;

    public GbRoutes(GbService gb, PointAccess access) {
        this.gb = gb;
        this.access = access;
    }

    public void register(Router router) {
        router.get("/api/v1/points/{code}/gb28181/diagnosis", Access.LOGGED_IN, this::diagnosis);
    }

    private Reply diagnosis(Request request) {
        String code = request.pathParam("code");
        Point point = access.visible(request.operator(), code)
                .orElseThrow(() -> ApiException.notFound("no point " + code + " in your region"));
        GbStreamAddress address = GbStreamAddress.parse(point.streamUrl()).orElseThrow(() ->
                ApiException.notFound("point " + code + " does not stream over GB/T 28181"));
        String deviceId = address.deviceId();
        String channelId = address.channelId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pointCode", code);
        body.put("channelId", channelId);
        body.put("device", gb.device(deviceId).map(GbRoutes::device).orElseGet(() -> {
            Map<String, Object> unknown = new LinkedHashMap<>();
            unknown.put("id", deviceId);
            unknown.put("registered", false);
            unknown.put("text", "the device has not registered with the hub since it started: check its server ID ("
                    + gb.settings().id() + "), domain (" + gb.settings().domain() + "), the hub's address and port "
                    + gb.port() + ", and its password");
            return unknown;
        }));
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (GbDiagnosis.Attempt attempt : gb.diagnosis().attempts(channelId)) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("startedAt", attempt.startedAt().toString());
            one.put("transport", attempt.transport());
            one.put("outcome", attempt.outcome());
            one.put("steps", attempt.steps().stream().map(step -> Map.of("at", step.at().toString(), "code",
                    step.code(), "text", step.text())).toList());
            attempts.add(one);
        }
        body.put("attempts", attempts);
        return Reply.ok(body);
    }

    private static Map<String, Object> device(GbDevice device) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", device.id());
        view.put("registered", true);
        view.put("online", device.online());
        view.put("address", device.peer() == null ? null : device.peer().toString());
        view.put("registeredAt", device.registeredAt() == null ? null : device.registeredAt().toString());
        view.put("expiresAt", device.expiresAt() == null ? null : device.expiresAt().toString());
        view.put("lastSeen", device.lastSeen() == null ? null : device.lastSeen().toString());
        view.put("info", device.info());
        view.put("status", device.status());
        view.put("alarmSubscription", device.alarmSubscription());
        return view;
    }
}

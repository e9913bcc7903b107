package org.sharpeyes.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.sharpeyes.adapters.onvif.MediaProfile;
import org.sharpeyes.adapters.onvif.OnvifClient;
import org.sharpeyes.adapters.onvif.OnvifException;
import org.sharpeyes.adapters.onvif.ProbeMatch;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.onvif.OnvifDevices;
import org.sharpeyes.hub.onvif.OnvifDiscovery;
import org.sharpeyes.hub.onvif.OnvifRecord;
import org.sharpeyes.hub.onvif.OnvifReport;
import org.sharpeyes.hub.onvif.ProbeTargets;
import org.sharpeyes.hub.registry.Echo;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointFields;
import org.sharpeyes.hub.registry.PointStore;
import org.sharpeyes.hub.registry.PointType;

/**
 * ONVIF for installers (#19): {@code POST /api/v1/onvif/discover} finds cameras (multicast, or the hosts given)
 * and reads each with the login given; {@code POST /api/v1/onvif/register} registers one as a point with what its
 * device says (vendor, serial, stream address, snapshot address, model, firmware);
 * {@code POST /api/v1/points/{code}/onvif/refresh} reads it again; {@code GET /api/v1/points/{code}/onvif} shows
 * what was read.
 */
public final class OnvifRoutes {

    private static final Access INSTALLERS = Access.roles(Role.ADMIN, Role.INSTALLER);
    private static final int DEFAULT_WAIT_MILLIS = 3_000;
    private static final int READ_AT_ONCE = 16;

    private final OnvifDevices devices;
    private final OnvifDiscovery discovery;
    private final PointStore points;
    private final PointAccess access;
    private final PointRoutes pointRoutes;

    public OnvifRoutes(OnvifDevices devices, OnvifDiscovery discovery, PointStore points, PointAccess access,
            PointRoutes pointRoutes) {
        this.devices = devices;
        this.discovery = discovery;
        this.points = points;
        this.access = access;
        this.pointRoutes = pointRoutes;
    }

    public void register(Router router) {
        router.post("/api/v1/onvif/discover", INSTALLERS, this::discover);
        router.post("/api/v1/onvif/register", INSTALLERS, this::registerDevice);
        router.post("/api/v1/points/{code}/onvif/refresh", INSTALLERS, this::refresh);
        router.get("/api/v1/points/{code}/onvif", Access.LOGGED_IN, this::show);
    }

    private Reply discover(Request request) throws InterruptedException {
        JsonNode body = request.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.readObject(request.body());
        List<String> hosts = new ArrayList<>();
        JsonNode hostsNode = body.get("hosts");
        if (hostsNode != null && !hostsNode.isNull()) {
            if (!hostsNode.isArray()) {
                throw ApiException.badRequest("hosts", "hosts must be a list of addresses, ranges or subnets, got "
                        + Echo.text(hostsNode));
            }
            for (JsonNode host : hostsNode) {
                if (!host.isTextual()) {
                    throw ApiException.badRequest("hosts", "each host must be text, got " + Echo.text(host));
                }
                hosts.add(host.asText());
            }
        }
        List<InetSocketAddress> targets;
        try {
            targets = ProbeTargets.parse(hosts);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("hosts", e.getMessage());
        }
        int waitMillis = body.path("waitMillis").isMissingNode() || body.get("waitMillis").isNull()
                ? DEFAULT_WAIT_MILLIS : body.get("waitMillis").asInt(-1);
        if (waitMillis < 100 || waitMillis > 10_000) {
            throw ApiException.badRequest("waitMillis", "waitMillis must be 100 to 10000, got "
                    + Echo.text(body.get("waitMillis")));
        }
        String username = text(body, "username");
        String password = text(body, "password");
        List<ProbeMatch> matches = CameraErrors.await(discovery.discover(targets, Duration.ofMillis(waitMillis)),
                "answer discovery");
        List<String> addresses = matches.stream().map(OnvifRoutes::deviceUrl).toList();
        Map<String, String> byAddress = points.onvifOwners(addresses);
        List<Map<String, Object>> found = new ArrayList<>();
        List<CompletableFuture<?>> reads = new ArrayList<>();
        Semaphore slots = new Semaphore(READ_AT_ONCE);
        for (ProbeMatch match : matches) {
            Map<String, Object> item = new LinkedHashMap<>();
            String url = deviceUrl(match);
            item.put("deviceUrl", url);
            item.put("endpoint", match.endpoint());
            item.put("xaddrs", match.xaddrs());
            item.put("name", match.name().orElse(null));
            item.put("hardware", match.hardware().orElse(null));
            item.put("location", match.location().orElse(null));
            item.put("scopes", match.scopes());
            found.add(item);
            if (username != null) {
                slots.acquire();
                CompletableFuture<?> read;
                try {
                    OnvifClient client = devices.client(url, username, password);
                    // Read back only after get() below, which orders these writes before the reads.
                    read = devices.read(client, null).whenComplete((report, error) -> {
                        if (report != null) {
                            describe(item, report);
                        } else {
                            item.put("error", OnvifClient.failure(error).getMessage());
                            item.put("errorKind", OnvifClient.failure(error).kind());
                        }
                    });
                } catch (OnvifException e) {
                    item.put("error", e.getMessage());
                    item.put("errorKind", e.kind());
                    read = CompletableFuture.completedFuture(null);
                }
                reads.add(read.whenComplete((r, e) -> slots.release()));
            }
        }
        for (CompletableFuture<?> read : reads) {
            try {
                read.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // Already told in the item's error.
            }
        }
        Map<String, String> bySerial = points.serialOwners(found.stream().map(i -> (String) i.get("serial"))
                .filter(java.util.Objects::nonNull).toList());
        for (Map<String, Object> item : found) {
            String owner = byAddress.get((String) item.get("deviceUrl"));
            if (owner == null && item.get("serial") != null) {
                owner = bySerial.get((String) item.get("serial"));
            }
            item.put("registered", owner != null);
            String visible = owner == null ? null : access.visible(request.operator(), owner).map(Point::code)
                    .orElse(null);
            item.put("pointCode", visible);
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("probed", targets.isEmpty() ? "multicast" : targets.size() + " addresses");
        reply.put("waitMillis", waitMillis);
        reply.put("devices", found);
        return Reply.ok(reply);
    }

    private static String deviceUrl(ProbeMatch match) {
        return match.xaddrs().stream().filter(x -> x.startsWith("http://") && !x.contains("[")).findFirst()
                .orElse(match.xaddrs().get(0));
    }

    private static void describe(Map<String, Object> item, OnvifReport report) {
        item.put("vendor", report.information().manufacturer());
        item.put("model", report.information().model());
        item.put("firmware", report.information().firmwareVersion());
        item.put("serial", report.information().serialNumber());
        item.put("ptz", report.ptz() != null);
        item.put("profiles", report.profiles().stream().map(OnvifRoutes::profile).toList());
        item.put("streamUrl", report.streamUrl());
        item.put("snapshotUrl", report.snapshotUrl());
    }

    private static Map<String, Object> profile(MediaProfile p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("token", p.token());
        view.put("name", p.name());
        view.put("encoding", p.encoding());
        view.put("width", p.width());
        view.put("height", p.height());
        view.put("ptz", p.ptz());
        view.put("media2", p.media2());
        return view;
    }

    /**
     * {@code POST /onvif/register {deviceUrl, username, password, profile?, code, name, region, source, type?, …}}:
     * the point fields as {@code POST /points} takes them, with vendor, serial and stream address from the device.
     */
    private Reply registerDevice(Request request) throws InterruptedException {
        JsonNode body = Json.readObject(request.body());
        String deviceUrl = text(body, "deviceUrl");
        if (deviceUrl == null) {
            deviceUrl = text(body, PointFields.ONVIF_URL);
        }
        if (deviceUrl == null) {
            throw ApiException.badRequest("deviceUrl", "deviceUrl (the device service address discovery gave) is "
                    + "required");
        }
        OnvifClient client;
        try {
            client = devices.client(deviceUrl, text(body, PointFields.USERNAME), text(body, PointFields.PASSWORD));
        } catch (OnvifException e) {
            throw ApiException.badRequest("deviceUrl", e.getMessage());
        }
        OnvifReport report = CameraErrors.await(devices.read(client, text(body, "profile")), "describe itself");
        Map<String, String> raw = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!Set.of("deviceUrl", "profile").contains(field.getKey()) && !field.getValue().isNull()) {
                raw.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText()
                        : field.getValue().toString());
            }
        }
        raw.put(PointFields.ONVIF_URL, deviceUrl.strip());
        fill(raw, report);
        raw.putIfAbsent(PointFields.TYPE, (report.ptz() != null ? PointType.PTZ_CAMERA : PointType.CAMERA).name());
        Point point = pointRoutes.register(request, raw);
        devices.keep(point.code(), report);
        return Reply.created(withOnvif(point, devices.record(point).orElse(null)));
    }

    private static void fill(Map<String, String> raw, OnvifReport report) {
        raw.put(PointFields.STREAM_URL, report.streamUrl());
        if (report.information().manufacturer() != null) {
            raw.put(PointFields.VENDOR, report.information().manufacturer());
        }
        if (report.information().serialNumber() != null) {
            raw.put(PointFields.SERIAL, report.information().serialNumber());
        }
    }

    private Reply refresh(Request request) throws InterruptedException {
        Point point = pointRoutes.owned(request);
        if (point.onvifUrl() == null) {
            throw ApiException.conflict(PointFields.ONVIF_URL, "point " + point.code() + " has no ONVIF address to "
                    + "read; set onvifUrl first");
        }
        String profile = devices.record(point).map(OnvifRecord::profileToken).orElse(null);
        OnvifReport report = CameraErrors.await(devices.client(point).thenCompose(client -> devices.read(client,
                profile).exceptionallyCompose(e -> profile == null ? CompletableFuture.failedFuture(e)
                : devices.read(client, null))), "describe itself");
        Map<String, String> changes = new HashMap<>();
        fill(changes, report);
        Point changed = pointRoutes.change(request, point, changes);
        devices.keep(changed.code(), report);
        return Reply.ok(withOnvif(changed, devices.record(changed).orElse(null)));
    }

    private Reply show(Request request) {
        String code = request.pathParam("code");
        Point point = access.visible(request.operator(), code)
                .orElseThrow(() -> ApiException.notFound("no point " + code + " in your region"));
        OnvifRecord record = devices.record(point).orElseThrow(() -> ApiException.notFound("point " + code
                + (point.onvifUrl() == null ? " has no ONVIF address" : "'s ONVIF device has not been read yet: POST "
                + "/api/v1/points/" + code + "/onvif/refresh")));
        return Reply.ok(onvifView(record));
    }

    private static Map<String, Object> withOnvif(Point point, OnvifRecord record) {
        Map<String, Object> view = new LinkedHashMap<>(Views.point(point));
        view.put("onvif", record == null ? null : onvifView(record));
        return view;
    }

    private static Map<String, Object> onvifView(OnvifRecord r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("pointCode", r.pointCode());
        view.put("deviceUrl", r.deviceUrl());
        view.put("manufacturer", r.manufacturer());
        view.put("model", r.model());
        view.put("firmware", r.firmware());
        view.put("hardwareId", r.hardwareId());
        view.put("profile", r.profileToken());
        view.put("ptzProfile", r.ptzProfileToken());
        view.put("media2", r.media2());
        view.put("snapshotUrl", r.snapshotUrl());
        view.put("profiles", r.profiles().stream().map(OnvifRoutes::profile).toList());
        view.put("clockOffsetMillis", r.clockOffset() == null ? null : r.clockOffset().toMillis());
        view.put("refreshedAt", r.refreshedAt());
        return view;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest(field, field + " must be text, got " + Echo.text(node));
        }
        return node.asText().isBlank() ? null : node.asText();
    }
}

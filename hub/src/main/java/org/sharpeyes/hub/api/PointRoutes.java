package org.sharpeyes.hub.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.db.StoreException;
import org.sharpeyes.hub.dispatch.AuditAction;
import org.sharpeyes.hub.dispatch.AuditLog;
import org.sharpeyes.hub.dispatch.PointAccess;
import org.sharpeyes.hub.registry.Echo;
import org.sharpeyes.hub.registry.Endpoints;
import org.sharpeyes.hub.registry.FieldError;
import org.sharpeyes.hub.registry.ImportMode;
import org.sharpeyes.hub.registry.ImportResult;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointCsvWriter;
import org.sharpeyes.hub.registry.PointDraft;
import org.sharpeyes.hub.registry.PointDraftParser;
import org.sharpeyes.hub.registry.PointFields;
import org.sharpeyes.hub.registry.PointImporter;
import org.sharpeyes.hub.registry.PointOrder;
import org.sharpeyes.hub.registry.PointPosition;
import org.sharpeyes.hub.registry.PointQuery;
import org.sharpeyes.hub.registry.PointStatus;
import org.sharpeyes.hub.registry.PointStore;
import org.sharpeyes.hub.registry.PointType;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionDirectory;
import org.sharpeyes.hub.registry.RegionScope;
import org.sharpeyes.hub.registry.SourceSystem;

/** Points: search, read, register, edit, remove, and CSV import; every one confined to the caller's region. */
public final class PointRoutes {

    static final int MAX_PAGE_SIZE = 1_000;
    /** Fields a client may send back unchanged from a GET; the registry sets them itself. */
    private static final Set<String> READ_ONLY = Set.of("status", "lastSeen", "hasCredentials", "createdAt",
            "updatedAt");
    private static final Access INSTALLERS = Access.roles(Role.ADMIN, Role.INSTALLER);

    private final PointStore points;
    private final RegionDirectory regions;
    private final PointImporter importer;
    private final PointAccess access;
    private final AuditLog audit;

    public PointRoutes(PointStore points, RegionDirectory regions, PointImporter importer, PointAccess access,
            AuditLog audit) {
        this.points = points;
        this.regions = regions;
        this.importer = importer;
        this.access = access;
        this.audit = audit;
    }

    public void register(Router router) {
        router.scope(Touches.POINT, (operator, code) -> access.visible(operator, code)
                .orElseThrow(() -> ApiException.notFound("no point " + Echo.text(code) + " in your region")));
        router.get("/api/v1/points", Access.LOGGED_IN, this::search);
        router.get("/api/v1/points/export", Access.LOGGED_IN, this::export);
        router.get("/api/v1/points/map", Access.LOGGED_IN, this::map);
        router.post("/api/v1/points", INSTALLERS, this::create);
        router.post("/api/v1/points/import", INSTALLERS, this::importCsv);
        router.get("/api/v1/points/{code}", Access.LOGGED_IN, request -> Reply.ok(Views.point(visible(request))));
        router.put("/api/v1/points/{code}", INSTALLERS, this::update);
        router.patch("/api/v1/points/{code}", INSTALLERS, this::patch);
        router.delete("/api/v1/points/{code}", INSTALLERS, request -> {
            points.delete(owned(request).code());
            return Reply.noContent();
        });
    }

    private Reply search(Request request) {
        int page = request.intParam("page", 1, 1, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int size = request.intParam("size", 50, 1, MAX_PAGE_SIZE);
        var found = points.search(query(request, page, size));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", found.items().stream().map(Views::point).toList());
        body.put("total", found.total());
        body.put("page", found.page());
        body.put("size", found.size());
        return Reply.ok(body);
    }

    /**
     * {@code GET /points/export}: the points a search with the same filters finds, all of them, as the import's CSV
     * (without credentials), to edit in a spreadsheet and import again.
     */
    private Reply export(Request request) {
        PointCsvWriter csv = new PointCsvWriter();
        for (int page = 1; ; page++) {
            var found = points.search(query(request, page, MAX_PAGE_SIZE));
            found.items().forEach(csv::write);
            if ((long) page * MAX_PAGE_SIZE >= found.total() || found.items().isEmpty()) {
                break;
            }
        }
        return Reply.text("text/csv; charset=utf-8", csv.text());
    }

    private PointQuery query(Request request, int page, int size) {
        Optional<String> region = RegionParam.scoped(request, regions);
        return new PointQuery(region.orElse(null),
                request.queryParam("type").map(t -> PointType.parse(t).orElseThrow(() -> ApiException.badRequest(
                        "type", "type must be one of " + PointType.names() + ", got '" + Echo.text(t) + "'")))
                        .orElse(null),
                request.queryParam("source").map(s -> SourceSystem.parse(s).orElseThrow(() -> ApiException.badRequest(
                        "source", "source must be one of " + SourceSystem.names() + ", got '" + Echo.text(s) + "'")))
                        .orElse(null),
                request.queryParam("status").map(PointRoutes::status).orElse(null),
                request.queryParam("q").orElse(null), page, size,
                request.queryParam("sort").map(PointRoutes::order).orElse(PointOrder.CODE));
    }

    private static PointOrder order(String text) {
        return switch (text.strip()) {
            case "code" -> PointOrder.CODE;
            case "lastSeen" -> PointOrder.LAST_SEEN;
            default -> throw ApiException.badRequest("sort", "sort must be code or lastSeen (silent longest first), "
                    + "got '" + Echo.text(text) + "'");
        };
    }

    /**
     * {@code GET /points/map}: every point of the caller's scope (or of {@code region=} inside it) that has a
     * position, as {@code [code, lat, lon, status]}, and one label per region below the scope's root at the middle
     * of its points, with its counts.
     */
    private Reply map(Request request) {
        PointQuery scope = query(request, 1, 1);
        String root = scope.regionCode();
        List<PointPosition> found = points.positions(root);
        List<Region> children = root == null ? regions.tree().roots() : regions.tree().children(root);
        List<Object> rows = new ArrayList<>(found.size());
        Map<String, double[]> sums = new LinkedHashMap<>();
        children.forEach(child -> sums.put(child.code(), new double[4]));
        for (PointPosition position : found) {
            rows.add(List.of(position.code(), position.lat(), position.lon(), position.status().name()));
            for (Region child : children) {
                if (position.regionCode().startsWith(child.code())) {
                    double[] sum = sums.get(child.code());
                    sum[0] += position.lat();
                    sum[1] += position.lon();
                    sum[2]++;
                    sum[3] += position.status() == PointStatus.ONLINE ? 1 : 0;
                    break;
                }
            }
        }
        List<Map<String, Object>> labels = new ArrayList<>();
        for (Region child : children) {
            double[] sum = sums.get(child.code());
            if (sum[2] > 0) {
                Map<String, Object> label = new LinkedHashMap<>();
                label.put("code", child.code());
                label.put("name", child.name());
                label.put("lat", sum[0] / sum[2]);
                label.put("lon", sum[1] / sum[2]);
                label.put("points", (long) sum[2]);
                label.put("online", (long) sum[3]);
                labels.add(label);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", root);
        body.put("regions", labels);
        body.put("points", rows);
        return Reply.ok(body);
    }

    private static PointStatus status(String text) {
        try {
            return PointStatus.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status", "status must be ONLINE, OFFLINE or UNKNOWN, got '"
                    + Echo.text(text) + "'");
        }
    }

    /** The point named in the path, if the caller may see it; otherwise 404, whichever of the two it is. */
    private Point visible(Request request) {
        String code = request.pathParam("code");
        return access.visible(request.operator(), code)
                .orElseThrow(() -> ApiException.notFound("no point " + code + " in your region"));
    }

    /** The point named in the path, if it lies in the caller's own region (a pushed point is watched, not edited). */
    Point owned(Request request) {
        String code = request.pathParam("code");
        return points.find(code).filter(p -> access.owns(request.operator(), p))
                .orElseThrow(() -> ApiException.notFound("no point " + code + " in your region"));
    }

    private Reply create(Request request) {
        return Reply.created(Views.point(register(request, rawFields(Json.readObject(request.body())))));
    }

    /** Registers the point {@code raw} describes for the caller, refused as {@code POST /points} refuses. */
    Point register(Request request, Map<String, String> raw) {
        PointDraft draft = checked(request, raw);
        Optional<Point> taken = points.find(draft.code());
        if (taken.isPresent()) {
            // Outside the caller's region the answer must not confirm that a point exists, nor where.
            throw access.owns(request.operator(), taken.get())
                    ? ApiException.conflict("code", "point " + draft.code() + " is already registered")
                    : ApiException.conflict("code", "point code " + draft.code() + " cannot be registered by your "
                            + "center; an administrator of a higher center can say why");
        }
        checkSerialFree(request.operator(), draft);
        try {
            points.insertAll(java.util.List.of(draft));
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                throw ApiException.conflict("code", "point " + draft.code() + " or its serial is already registered");
            }
            throw e;
        }
        return points.find(draft.code()).orElseThrow();
    }

    private Reply update(Request request) {
        Point existing = owned(request);
        return replace(request, existing, rawFields(Json.readObject(request.body())));
    }

    /**
     * {@code PATCH /points/{code}}: changes only the fields the body names (null clears one); the others keep their
     * values, credentials included. PUT replaces the whole point.
     */
    private Reply patch(Request request) {
        Point existing = owned(request);
        Map<String, String> raw = fieldsOf(existing);
        raw.putAll(rawFields(Json.readObject(request.body())));
        return replace(request, existing, raw);
    }

    /** Changes the fields {@code changes} names on {@code existing}, as {@code PATCH /points/{code}} does. */
    Point change(Request request, Point existing, Map<String, String> changes) {
        Map<String, String> raw = fieldsOf(existing);
        raw.putAll(changes);
        replace(request, existing, raw);
        return points.find(existing.code()).orElseThrow();
    }

    private static Map<String, String> fieldsOf(Point point) {
        Map<String, String> raw = new HashMap<>();
        raw.put(PointFields.CODE, point.code());
        raw.put(PointFields.NAME, point.name());
        raw.put(PointFields.TYPE, point.type().name());
        raw.put(PointFields.REGION, point.regionCode());
        raw.put(PointFields.SOURCE, point.source().name());
        raw.put(PointFields.LAT, point.lat() == null ? "" : point.lat().toString());
        raw.put(PointFields.LON, point.lon() == null ? "" : point.lon().toString());
        raw.put(PointFields.STREAM_URL, point.streamUrl() == null ? "" : point.streamUrl());
        raw.put(PointFields.ONVIF_URL, point.onvifUrl() == null ? "" : point.onvifUrl());
        raw.put(PointFields.VENDOR, point.vendor() == null ? "" : point.vendor());
        raw.put(PointFields.INSTALLED_AT, point.installedAt() == null ? "" : point.installedAt().toString());
        raw.put(PointFields.SERIAL, point.serial() == null ? "" : point.serial());
        return raw;
    }

    private Reply replace(Request request, Point existing, Map<String, String> raw) {
        String bodyCode = raw.get(PointFields.CODE);
        if (bodyCode != null && !bodyCode.strip().equals(existing.code())) {
            throw ApiException.badRequest("code", "the code cannot change: the body says " + bodyCode
                    + " but the URL names " + existing.code());
        }
        raw.put(PointFields.CODE, existing.code());
        PointDraft draft = withoutCredentialsForNewHost(existing, checked(request, raw));
        checkSerialFree(request.operator(), draft);
        try {
            points.update(draft);
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                throw ApiException.conflict("serial", "serial " + draft.serial() + " is already registered");
            }
            throw e;
        }
        return Reply.ok(Views.point(points.find(draft.code()).orElseThrow()));
    }

    /** The point a body describes, refused (400, naming the field) where it would lie outside the caller's scope. */
    private PointDraft checked(Request request, Map<String, String> raw) {
        RegionScope scope = request.operator().scope();
        String region = raw.get(PointFields.REGION);
        if (scope.refuses(region)) {
            throw ApiException.badRequest(PointFields.REGION, RegionScope.notYours(region.strip()));
        }
        PointDraftParser.Result result = new PointDraftParser(regions.tree()).parse(raw);
        if (!result.ok()) {
            FieldError first = result.errors().get(0);
            throw ApiException.badRequest(first.field(), first.field() + " " + first.message());
        }
        return result.draft();
    }

    /**
     * Stored credentials belong to the addresses they were given for: an edit that points the stream or ONVIF
     * address at another host or port drops the ones it does not give anew, or the hub would log in to whatever host
     * an installer names with the camera's password.
     */
    private static PointDraft withoutCredentialsForNewHost(Point existing, PointDraft draft) {
        if (draft.username() != null && draft.password() != null
                || Endpoints.same(existing.streamUrl(), draft.streamUrl())
                && Endpoints.same(existing.onvifUrl(), draft.onvifUrl())) {
            return draft;
        }
        return new PointDraft(draft.code(), draft.name(), draft.type(), draft.regionCode(), draft.source(),
                draft.lat(), draft.lon(), draft.streamUrl(), draft.onvifUrl(),
                draft.username() == null ? "" : draft.username(), draft.password() == null ? "" : draft.password(),
                draft.vendor(), draft.installedAt(), draft.serial());
    }

    private void checkSerialFree(Operator operator, PointDraft draft) {
        if (draft.serial() == null) {
            return;
        }
        String owner = points.serialOwners(java.util.List.of(draft.serial())).get(draft.serial());
        if (owner != null && !owner.equals(draft.code())) {
            boolean seen = points.find(owner).filter(p -> access.owns(operator, p)).isPresent();
            throw ApiException.conflict("serial", "serial " + draft.serial() + " is already registered"
                    + (seen ? " to point " + owner : " to another device"));
        }
    }

    /** The body's fields as text, as a CSV row would give them; numbers are accepted for lat and lon. */
    private static Map<String, String> rawFields(JsonNode body) {
        Map<String, String> raw = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (READ_ONLY.contains(name)) {
                continue;
            }
            if (!PointFields.ALL.contains(name)) {
                throw ApiException.badRequest(name, "unknown field '" + Echo.text(name) + "'; known: "
                        + String.join(", ", PointFields.ALL));
            }
            if (value.isNull()) {
                raw.put(name, "");
            } else if (value.isTextual() || value.isNumber()) {
                raw.put(name, value.asText());
            } else {
                throw ApiException.badRequest(name, name + " must be a " + (name.equals("lat") || name.equals("lon")
                        ? "number" : "string") + ", got " + value.getNodeType());
            }
        }
        return raw;
    }

    private Reply importCsv(Request request) {
        ImportMode mode = request.queryParam("mode").map(m -> ImportMode.parse(m).orElseThrow(() ->
                ApiException.badRequest("mode", "mode must be partial or all-or-nothing, got '" + Echo.text(m) + "'")))
                .orElse(ImportMode.PARTIAL);
        if (request.body().length == 0) {
            throw ApiException.badRequest(null, "the request needs the CSV file as its body (Content-Type: text/csv)");
        }
        ImportResult result = importer.importCsv(request.body(), mode, request.operator().scope());
        audit.record(request.operator(), AuditAction.POINTS_IMPORTED, null, request.operator().centerCode(),
                result.imported() + " imported, " + result.rejected().size() + " rejected of " + result.rows()
                        + " rows (" + (mode == ImportMode.PARTIAL ? "partial" : "all-or-nothing") + ")");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("imported", result.imported());
        body.put("rejected", result.rejected());
        body.put("rows", result.rows());
        body.put("mode", mode == ImportMode.PARTIAL ? "partial" : "all-or-nothing");
        body.put("encoding", result.encoding());
        body.put("ignoredColumns", Echo.items(result.ignoredColumns()));
        if (mode == ImportMode.ALL_OR_NOTHING && !result.rejected().isEmpty()) {
            body.put("error", "invalid");
            body.put("detail", result.rejected().size() + " of " + result.rows()
                    + " rows are wrong, so nothing was imported");
            return Reply.json(HttpResponseStatus.UNPROCESSABLE_ENTITY, body);
        }
        return Reply.ok(body);
    }
}

package org.sharpeyes.hub.api;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionStats;

/** The JSON shapes of domain objects in API replies. */
final class Views {

    private Views() {
    }

    static Map<String, Object> operator(Operator operator) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("username", operator.username());
        view.put("role", operator.role());
        view.put("center", operator.centerCode());
        return view;
    }

    static Map<String, Object> region(Region region) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("code", region.code());
        view.put("name", region.name());
        view.put("kind", region.kind());
        view.put("parent", region.parentCode());
        return view;
    }

    static Map<String, Object> point(Point point) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("code", point.code());
        view.put("name", point.name());
        view.put("type", point.type());
        view.put("region", point.regionCode());
        view.put("source", point.source());
        view.put("lat", point.lat());
        view.put("lon", point.lon());
        view.put("streamUrl", point.streamUrl());
        view.put("onvifUrl", point.onvifUrl());
        view.put("vendor", point.vendor());
        view.put("installedAt", point.installedAt());
        view.put("serial", point.serial());
        view.put("status", point.status());
        view.put("lastSeen", point.lastSeen());
        view.put("hasCredentials", point.hasCredentials());
        view.put("createdAt", point.createdAt());
        view.put("updatedAt", point.updatedAt());
        return view;
    }

    static Map<String, Object> stats(Region region, RegionStats stats) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("region", region.code());
        view.put("name", region.name());
        view.put("kind", region.kind());
        view.putAll(counts(stats.all()));
        Map<String, Object> bySource = new LinkedHashMap<>();
        stats.bySource().forEach((source, counts) -> bySource.put(source.name(), counts(counts)));
        Map<String, Object> byType = new LinkedHashMap<>();
        new EnumMap<>(stats.byType()).forEach((type, counts) -> byType.put(type.name(), counts(counts)));
        view.put("bySource", bySource);
        view.put("byType", byType);
        return view;
    }

    private static Map<String, Object> counts(RegionStats.Counts counts) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("points", counts.points());
        view.put("online", counts.online());
        view.put("offline", counts.offline());
        view.put("unknown", counts.unknown());
        view.put("onlineRate", Math.round(counts.onlineRate() * 10_000) / 10_000.0);
        return view;
    }

    /** A page of results as every listing returns it. */
    static Map<String, Object> page(org.sharpeyes.hub.registry.Page<?> found, Object items) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("items", items);
        body.put("total", found.total());
        body.put("page", found.page());
        body.put("size", found.size());
        return body;
    }
}

package org.sharpeyes.hub.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sharpeyes.hub.registry.PointStore;

/** Health for load balancers and Prometheus metrics for scrapers: both open without a login. */
public final class SystemRoutes {

    private final PrometheusMeterRegistry metrics;
    private final PointStore points;
    private final String version;

    public SystemRoutes(PrometheusMeterRegistry metrics, PointStore points, String version) {
        this.metrics = metrics;
        this.points = points;
        this.version = version;
    }

    public void register(Router router) {
        router.get("/health", Access.PUBLIC, request -> health());
        router.get("/metrics", Access.PUBLIC,
                request -> Reply.text("text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    }

    private Reply health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        try {
            points.count();
            body.put("status", "UP");
            body.put("database", "UP");
            return Reply.ok(body);
        } catch (RuntimeException e) {
            body.put("status", "DOWN");
            body.put("database", "DOWN");
            return Reply.json(HttpResponseStatus.SERVICE_UNAVAILABLE, body);
        }
    }
}

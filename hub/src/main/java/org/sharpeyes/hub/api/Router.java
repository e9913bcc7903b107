package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The route table: finds the route for a method and path, and tells a wrong path from a wrong method. */
public final class Router {

    private final List<Route> routes = new ArrayList<>();

    /** The outcome of matching: a route with its path parameters, or the methods the path allows (none: 404). */
    public record Match(Route route, Map<String, String> params, Set<HttpMethod> allowed) {
        public boolean found() {
            return route != null;
        }
    }

    public Router add(HttpMethod method, String pattern, Access access, Route.Handler handler) {
        routes.add(new Route(method, pattern, access, handler));
        return this;
    }

    public Router get(String pattern, Access access, Route.Handler handler) {
        return add(HttpMethod.GET, pattern, access, handler);
    }

    public Router post(String pattern, Access access, Route.Handler handler) {
        return add(HttpMethod.POST, pattern, access, handler);
    }

    public Router put(String pattern, Access access, Route.Handler handler) {
        return add(HttpMethod.PUT, pattern, access, handler);
    }

    public Router patch(String pattern, Access access, Route.Handler handler) {
        return add(HttpMethod.PATCH, pattern, access, handler);
    }

    public Router delete(String pattern, Access access, Route.Handler handler) {
        return add(HttpMethod.DELETE, pattern, access, handler);
    }

    public Match match(HttpMethod method, String path) {
        List<String> segments = split(path);
        Set<HttpMethod> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = bind(route.segments(), segments);
            if (params == null) {
                continue;
            }
            if (route.method().equals(method) || (method.equals(HttpMethod.HEAD) && route.method().equals(HttpMethod.GET))) {
                return new Match(route, params, Set.of());
            }
            allowed.add(route.method());
        }
        return new Match(null, Map.of(), allowed);
    }

    private static Map<String, String> bind(List<String> pattern, List<String> path) {
        if (pattern.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String expected = pattern.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                params.put(expected.substring(1, expected.length() - 1), path.get(i));
            } else if (!expected.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    static List<String> split(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }
}

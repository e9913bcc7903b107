package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sharpeyes.hub.auth.Operator;

/**
 * The route table: finds the route for a method and path, tells a wrong path from a wrong method, and is the door's
 * region check: what a route's path names, a {@code ?point=} or {@code ?region=}, and a JSON body's {@code pointCode},
 * each checked by the check its kind registered, for every route alike.
 */
public final class Router {

    private final List<Route> routes = new ArrayList<>();
    private final Map<Touches, ScopeCheck> checks = new EnumMap<>(Touches.class);

    /** The outcome of matching: a route with its path parameters, or the methods the path allows (none: 404). */
    public record Match(Route route, Map<String, String> params, Set<HttpMethod> allowed) {
        public boolean found() {
            return route != null;
        }
    }

    public Router add(HttpMethod method, String pattern, Access access, Route.Handler handler) {
        routes.add(new Route(method, pattern, access, Touches.declared(pattern), handler));
        return this;
    }

    /** How the door checks one kind of thing; every kind a route touches needs one. */
    public Router scope(Touches kind, ScopeCheck check) {
        checks.put(kind, check);
        return this;
    }

    /** Every route registered, in order. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Fails at start-up when a route touches a kind whose check nobody registered (points: every route may name one). */
    void verify() {
        if (!routes.isEmpty() && !checks.containsKey(Touches.POINT)) {
            throw new IllegalStateException("no check for points is registered, and any request may name one");
        }
        for (Route route : routes) {
            for (Touches kind : route.touches().values()) {
                if (!checks.containsKey(kind)) {
                    throw new IllegalStateException("route " + route.pattern() + " touches " + kind
                            + " and no check for it is registered");
                }
            }
        }
    }

    /**
     * The door: refuses (by throwing what the check throws) a logged-in caller whose request names a thing outside
     * their region, in the path, in {@code ?point=} or {@code ?region=} (a region beside a named point is the route's
     * own to judge), or as a JSON body's {@code pointCode}. Runs on the blocking executor, before the route.
     */
    void admit(Route route, Request request) {
        if (request.session() == null) {
            return;
        }
        Operator operator = request.operator();
        Optional<String> point = request.queryParam("point");
        point.ifPresent(code -> checks.get(Touches.POINT).check(operator, code));
        bodyPoint(request).ifPresent(code -> checks.get(Touches.POINT).check(operator, code));
        if (point.isEmpty()) {
            // A region above one's own narrows a listing to one's own; only one wholly outside is refused.
            request.queryParam("region").filter(code -> operator.scope().narrow(code).isEmpty()).ifPresent(code -> {
                throw RegionParam.notYours(code);
            });
        }
        route.touches().forEach((param, kind) -> checks.get(kind).check(operator, request.pathParam(param)));
    }

    private static Optional<String> bodyPoint(Request request) {
        byte[] body = request.body();
        int first = 0;
        while (first < body.length && Character.isWhitespace(body[first])) {
            first++;
        }
        if (first == body.length || body[first] != '{') {
            return Optional.empty();
        }
        try {
            JsonNode code = Json.MAPPER.readTree(body).get("pointCode");
            return code != null && code.isTextual() ? Optional.of(code.asText().strip()) : Optional.empty();
        } catch (IOException e) {
            // A malformed body is the route's to refuse, with its own words.
            return Optional.empty();
        }
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

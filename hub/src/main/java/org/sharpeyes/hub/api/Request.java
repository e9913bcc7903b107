package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.auth.TokenService;
import org.sharpeyes.hub.registry.Echo;

/**
 * What a route handler sees of a request: its parts, its path parameters, the caller's session and the address it
 * came from.
 */
public record Request(HttpMethod method, String path, Map<String, List<String>> query, HttpHeaders headers,
        byte[] body, Map<String, String> pathParams, TokenService.Session session, String remoteAddress) {

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** The last value of a query parameter, blank values treated as absent. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty() || values.get(values.size() - 1).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(values.get(values.size() - 1).strip());
    }

    /** A whole-number query parameter within bounds, or {@code fallback} when absent. */
    public int intParam(String name, int fallback, int min, int max) {
        Optional<String> text = queryParam(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                throw ApiException.badRequest(name, name + " must be from " + min + " to " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be a whole number, got '" + Echo.text(text.get()) + "'");
        }
    }

    /** The logged-in operator; routes that need a login are only called with one. */
    public Operator operator() {
        return session.operator();
    }
}

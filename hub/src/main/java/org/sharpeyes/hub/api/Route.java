package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;

/**
 * One API endpoint: method, path pattern with {@code {name}} segments, who may call it, what its parameters touch
 * ({@link Touches#declared}), and what it does.
 */
public record Route(HttpMethod method, String pattern, Access access, Map<String, Touches> touches, Handler handler) {

    /** The work of a route; runs on the blocking executor, never on an event loop. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Request request) throws Exception;
    }

    List<String> segments() {
        return Router.split(pattern);
    }
}

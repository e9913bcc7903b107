package org.sharpeyes.hub.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/** Whether two device addresses reach the same endpoint: scheme, host and port, whatever their paths say. */
public final class Endpoints {

    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("rtsp", 554, "rtsps", 322, "rtmp", 1935,
            "http", 80, "https", 443);

    private Endpoints() {
    }

    /**
     * Whether {@code next} sends a login nowhere {@code previous} did not: true when {@code next} names no address,
     * or the same scheme, host and port; false for a new address where there was none.
     */
    public static boolean same(String previous, String next) {
        if (next == null || next.isBlank()) {
            return true;
        }
        if (previous == null || previous.isBlank()) {
            return false;
        }
        return endpoint(previous).equals(endpoint(next));
    }

    private static String endpoint(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : DEFAULT_PORTS.getOrDefault(scheme, -1);
            return scheme + "://" + host + ":" + port;
        } catch (URISyntaxException e) {
            return url;
        }
    }
}

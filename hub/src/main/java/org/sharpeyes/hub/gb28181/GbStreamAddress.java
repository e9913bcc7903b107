package org.sharpeyes.hub.gb28181;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * A point's GB/T 28181 stream address, {@code gb28181://{device}/{channel}[?transport=udp|tcp-passive|tcp-active]}:
 * the device to ask, the channel it plays (the device itself when no path is given), and the media transport (UDP
 * unless the query names another).
 */
public record GbStreamAddress(String deviceId, String channelId, String transport) {

    /** The URL scheme of these addresses. */
    public static final String SCHEME = "gb28181";

    /** The address, or empty when {@code url} is null or not a {@code gb28181://} URL with a device. */
    public static Optional<GbStreamAddress> parse(String url) {
        if (url == null || !url.regionMatches(true, 0, SCHEME + "://", 0, SCHEME.length() + 3)) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
        // A host of digits only is no host name to java.net.URI, so the device ID is read as the authority.
        String device = uri.getHost() != null ? uri.getHost() : uri.getRawAuthority();
        if (device == null) {
            return Optional.empty();
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return Optional.of(new GbStreamAddress(device, path.isEmpty() ? device : path, transport(uri.getQuery())));
    }

    private static String transport(String query) {
        if (query != null) {
            for (String pair : query.split("&")) {
                String value = pair.toLowerCase(Locale.ROOT);
                if (value.equals("transport=tcp-passive") || value.equals("transport=tcp-active")) {
                    return value.substring(10);
                }
            }
        }
        return "udp";
    }
}

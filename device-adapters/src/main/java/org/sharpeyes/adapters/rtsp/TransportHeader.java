package org.sharpeyes.adapters.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One transport specification of an RTSP {@code Transport} header (RFC 2326 §12.39), e.g.
 * {@code RTP/AVP/TCP;unicast;interleaved=0-1} or {@code RTP/AVP;unicast;client_port=5000-5001}. Parameters may come in
 * any order and unknown ones are ignored; port and channel pairs are kept as {@code [first, second]} or null.
 */
public record TransportHeader(String protocol, boolean multicast, int[] interleaved, int[] clientPort,
        int[] serverPort, String ssrc, String mode) {

    /** Whether RTP rides inside the RTSP TCP connection. */
    public boolean isTcp() {
        return protocol.toUpperCase(Locale.ROOT).endsWith("/TCP") || interleaved != null;
    }

    /** Parses every comma-separated alternative of a header value, in the order offered. */
    public static List<TransportHeader> parseAll(String value) {
        List<TransportHeader> all = new ArrayList<>();
        for (String spec : value.split(",")) {
            if (!spec.isBlank()) {
                all.add(parse(spec));
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("empty Transport header");
        }
        return all;
    }

    public static TransportHeader parse(String spec) {
        String[] parts = spec.trim().split(";");
        String protocol = parts[0].trim();
        if (!protocol.toUpperCase(Locale.ROOT).startsWith("RTP/AVP")) {
            throw new IllegalArgumentException("unsupported transport protocol '" + protocol + "'");
        }
        boolean multicast = false;
        int[] interleaved = null;
        int[] clientPort = null;
        int[] serverPort = null;
        String ssrc = null;
        String mode = null;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            String name = (eq < 0 ? part : part.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : part.substring(eq + 1).trim();
            switch (name) {
                case "multicast" -> multicast = true;
                case "interleaved" -> interleaved = channels(pair(name, value), value);
                case "client_port" -> clientPort = pair(name, value);
                case "server_port" -> serverPort = pair(name, value);
                case "ssrc" -> ssrc = value;
                case "mode" -> mode = value.replace("\"", "");
                default -> {
                    // unicast, ttl, destination, source and vendor extensions change nothing here
                }
            }
        }
        return new TransportHeader(protocol, multicast, interleaved, clientPort, serverPort, ssrc, mode);
    }

    /** An interleaved frame names its channel in one byte (RFC 2326 §10.12): 0 to 255. */
    private static int[] channels(int[] pair, String value) {
        if (pair[0] > 255 || pair[1] > 255) {
            throw new IllegalArgumentException("interleaved channels are 0 to 255, got " + value);
        }
        return pair;
    }

    private static int[] pair(String name, String value) {
        try {
            String[] bounds = value.split("-");
            int first = Integer.parseInt(bounds[0].trim());
            int second = bounds.length > 1 ? Integer.parseInt(bounds[1].trim()) : first + 1;
            if (first < 0 || second < 0 || first > 65_535 || second > 65_535) {
                throw new IllegalArgumentException(name + " out of range: " + value);
            }
            return new int[] {first, second};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + name + " '" + value + "'");
        }
    }

    /** The header value for this transport. */
    public String format() {
        StringBuilder out = new StringBuilder(protocol).append(multicast ? ";multicast" : ";unicast");
        append(out, "interleaved", interleaved);
        append(out, "client_port", clientPort);
        append(out, "server_port", serverPort);
        if (ssrc != null) {
            out.append(";ssrc=").append(ssrc);
        }
        if (mode != null) {
            out.append(";mode=").append(mode);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String name, int[] pair) {
        if (pair != null) {
            out.append(';').append(name).append('=').append(pair[0]).append('-').append(pair[1]);
        }
    }
}

package org.sharpeyes.adapters.rtsp;

/** An RTSP {@code Session} header: the session id and its timeout in seconds (60 when not given; RFC 2326 §12.37). */
public record SessionHeader(String id, int timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT = 60;

    public static SessionHeader parse(String value) {
        String[] parts = value.trim().split(";");
        String id = parts[0].trim();
        if (id.isEmpty()) {
            throw new IllegalArgumentException("empty Session header");
        }
        int timeout = DEFAULT_TIMEOUT;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.regionMatches(true, 0, "timeout=", 0, 8)) {
                try {
                    timeout = Integer.parseInt(part.substring(8).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad Session timeout '" + part + "'");
                }
            }
        }
        return new SessionHeader(id, timeout <= 0 ? DEFAULT_TIMEOUT : timeout);
    }

    public String format() {
        return id + ";timeout=" + timeoutSeconds;
    }
}

package org.sharpeyes.adapters.rtsp;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/** An RTSP answer as a client reads it: status, reason, headers and the body as text. */
public record RtspResponse(int status, String reason, HttpHeaders headers, String body) {

    public boolean isOk() {
        return status == 200;
    }

    /** The header's first value, or {@code fallback}. */
    public String header(String name, String fallback) {
        String value = headers.get(name);
        return value == null ? fallback : value;
    }

    /** Every value of a header. */
    public List<String> all(String name) {
        return headers.getAll(name);
    }

    /** The status line's words, e.g. {@code 503 Service Unavailable}. */
    public String statusLine() {
        return status + " " + reason;
    }
}

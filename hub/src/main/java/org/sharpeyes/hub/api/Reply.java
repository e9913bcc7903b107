package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete response: status, content type and body bytes. */
public record Reply(HttpResponseStatus status, String contentType, byte[] body) {

    public static final String JSON = "application/json; charset=utf-8";

    public static Reply json(HttpResponseStatus status, Object value) {
        return new Reply(status, JSON, Json.write(value));
    }

    public static Reply ok(Object value) {
        return json(HttpResponseStatus.OK, value);
    }

    public static Reply created(Object value) {
        return json(HttpResponseStatus.CREATED, value);
    }

    public static Reply noContent() {
        return new Reply(HttpResponseStatus.NO_CONTENT, null, new byte[0]);
    }

    public static Reply text(String contentType, String text) {
        return new Reply(HttpResponseStatus.OK, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON error body for {@code e}. */
    public static Reply error(ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("detail", e.detail());
        body.put("field", e.field());
        return json(e.status(), body);
    }
}

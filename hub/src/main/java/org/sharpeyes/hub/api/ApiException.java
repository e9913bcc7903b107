package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request refused with a status and the JSON error body {@code {error, detail, field}}. */
public final class ApiException extends RuntimeException {

    private final HttpResponseStatus status;
    private final String error;
    private final String field;

    public ApiException(HttpResponseStatus status, String error, String detail, String field) {
        super(detail);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    public static ApiException badRequest(String field, String detail) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_request", detail, field);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized", detail, null);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden", detail, null);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", detail, null);
    }

    public static ApiException conflict(String field, String detail) {
        return new ApiException(HttpResponseStatus.CONFLICT, "conflict", detail, field);
    }

    public static ApiException unprocessable(String field, String detail) {
        return new ApiException(HttpResponseStatus.UNPROCESSABLE_ENTITY, "invalid", detail, field);
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    public String field() {
        return field;
    }
}

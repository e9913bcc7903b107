package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sharpeyes.adapters.onvif.OnvifException;

/** A camera's answer awaited by a route, its failure turned into an API error an installer can act on (#19). */
final class CameraErrors {

    private static final int WAIT_SECONDS = 12;

    private CameraErrors() {
    }

    /** Waits for {@code call}; a failure becomes a 502 (or 409 for what the camera cannot do) naming the cause. */
    static <T> T await(CompletableFuture<T> call, String what) throws InterruptedException {
        try {
            return call.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            call.cancel(false);
            throw new ApiException(HttpResponseStatus.GATEWAY_TIMEOUT, "camera_timeout", "the camera did not "
                    + what + " within " + WAIT_SECONDS + " s", null);
        } catch (ExecutionException e) {
            throw of(e, what);
        }
    }

    static ApiException of(Throwable failure, String what) {
        Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause()
                : failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException api) {
            return api;
        }
        if (!(cause instanceof OnvifException onvif)) {
            return new ApiException(HttpResponseStatus.BAD_GATEWAY, "camera_unreachable", "the camera did not "
                    + what + ": " + cause.getMessage(), null);
        }
        return switch (onvif.kind()) {
            case NOT_AUTHORIZED -> new ApiException(HttpResponseStatus.BAD_GATEWAY, "camera_login_refused",
                    "the camera refused the hub's login: " + onvif.getMessage(), null);
            case CLOCK_SKEW -> new ApiException(HttpResponseStatus.BAD_GATEWAY, "camera_clock_skew",
                    onvif.getMessage(), null);
            case NOT_SUPPORTED -> new ApiException(HttpResponseStatus.CONFLICT, "camera_unsupported",
                    "the camera cannot " + what + ": " + onvif.getMessage(), null);
            case UNREACHABLE -> new ApiException(HttpResponseStatus.BAD_GATEWAY, "camera_unreachable",
                    "the camera did not " + what + ": " + onvif.getMessage(), null);
            case MALFORMED -> new ApiException(HttpResponseStatus.BAD_GATEWAY, "camera_malformed",
                    "the camera's answer could not be read: " + onvif.getMessage(), null);
            case FAULT -> new ApiException(HttpResponseStatus.BAD_GATEWAY, "camera_fault",
                    "the camera refused to " + what + ": " + onvif.getMessage(), null);
        };
    }
}

package org.sharpeyes.hub.media.probe;

import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.sharpeyes.adapters.onvif.OnvifHttp;
import org.sharpeyes.adapters.onvif.OnvifRequest;
import org.sharpeyes.adapters.onvif.Soap;

/**
 * Whether an ONVIF device answers (#19): GetSystemDateAndTime, which needs no login, so an online rate costs one
 * small HTTP exchange per camera instead of a video session. Any SOAP answer counts, a fault included: the device
 * is up.
 */
final class OnvifProbe {

    private static final byte[] REQUEST = Soap.envelope(null, OnvifRequest.getSystemDateAndTime().body())
            .getBytes(StandardCharsets.UTF_8);

    private final OnvifHttp http;

    OnvifProbe(EventLoopGroup loops, int timeoutMillis) {
        this.http = new OnvifHttp(loops, Duration.ofMillis(timeoutMillis));
    }

    /** Completes with whether {@code deviceUrl} answered SOAP; never fails. */
    CompletableFuture<Boolean> probe(URI deviceUrl) {
        return http.post(deviceUrl, Soap.CONTENT_TYPE, REQUEST, null)
                .thenApply(answer -> Soap.looksLikeXml(answer.body())).exceptionally(e -> false);
    }
}

package org.sharpeyes.hub.media.probe;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.rtsp.RtspMethods;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.sharpeyes.adapters.rtsp.RtspClientSession;

/**
 * Asks a camera whether it is there: opens an RTSP session and sends OPTIONS, unsigned. Any RTSP answer (even 401)
 * means the device answers; a refused or silent connection, or bytes that are not RTSP, mean it does not.
 */
final class RtspProbe {

    private final EventLoopGroup group;
    private final int timeoutMillis;

    RtspProbe(EventLoopGroup group, int timeoutMillis) {
        this.group = group;
        this.timeoutMillis = timeoutMillis;
    }

    /** Completes with true when the camera answered RTSP, false otherwise; never fails. */
    CompletableFuture<Boolean> probe(URI url) {
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        RtspClientSession.open(group, url, new RtspClientSession.Options("SharpEyesHub-Probe", "", "", timeoutMillis,
                timeoutMillis, frame -> { })).whenComplete((session, refused) -> {
                    if (refused != null) {
                        answered.complete(false);
                        return;
                    }
                    session.request(RtspMethods.OPTIONS, url.toString(), Map.of()).whenComplete((reply, error) -> {
                        answered.complete(error == null);
                        session.close();
                    });
                });
        return answered;
    }
}

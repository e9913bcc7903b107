package org.sharpeyes.hub.media.ptz;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.sharpeyes.adapters.rtsp.RtspClientSession;
import org.sharpeyes.hub.dispatch.PtzCommand;
import org.sharpeyes.hub.dispatch.PtzControl;
import org.sharpeyes.hub.registry.DeviceCredentials;
import org.sharpeyes.hub.registry.Point;

/**
 * PTZ over the camera's own RTSP connection: {@code SET_PARAMETER} with a {@code text/parameters} line
 * {@code ptz: ACTION SPEED}, answering a Digest challenge with the point's credentials. The camera simulator speaks
 * this; points with an ONVIF address go through the ONVIF PTZ service instead.
 */
public final class RtspPtzControl implements PtzControl {

    private static final int TIMEOUT_MILLIS = 5_000;

    private final EventLoopGroup loops;
    private final Function<String, Optional<DeviceCredentials>> credentials;
    private final Executor blocking;

    public RtspPtzControl(EventLoopGroup loops, Function<String, Optional<DeviceCredentials>> credentials,
            Executor blocking) {
        this.loops = loops;
        this.credentials = credentials;
        this.blocking = blocking;
    }

    @Override
    public CompletableFuture<Void> send(Point point, PtzCommand command) {
        if (point.streamUrl() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("point " + point.code()
                    + " has no stream address to send PTZ to"));
        }
        URI url;
        try {
            url = URI.create(point.streamUrl());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        String target = url.getScheme() + "://" + url.getHost() + ":" + RtspClientSession.port(url) + url.getRawPath();
        byte[] body = String.format(Locale.ROOT, "ptz: %s %.2f\r\n", command.action().apiName(), command.speed())
                .getBytes(StandardCharsets.UTF_8);
        return CompletableFuture.supplyAsync(() -> credentials.apply(point.code()), blocking)
                .thenCompose(login -> RtspClientSession.open(loops, url, new RtspClientSession.Options("SharpEyesHub",
                        login.map(DeviceCredentials::username).orElse(""),
                        login.map(DeviceCredentials::password).orElse(""), TIMEOUT_MILLIS, TIMEOUT_MILLIS,
                        frame -> { })))
                .thenCompose(session -> session.request(RtspMethods.SET_PARAMETER, target,
                        Map.of(RtspHeaderNames.CONTENT_TYPE.toString(), "text/parameters"), body)
                        .whenComplete((answer, error) -> session.close()))
                .thenAccept(answer -> {
                    if (!answer.isOk()) {
                        throw new IllegalStateException("camera " + point.code() + " answered PTZ with RTSP "
                                + answer.status());
                    }
                });
    }
}

package org.sharpeyes.hub.media.ptz;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.sharpeyes.adapters.rtsp.Authenticator;
import org.sharpeyes.hub.dispatch.PtzCommand;
import org.sharpeyes.hub.dispatch.PtzControl;
import org.sharpeyes.hub.registry.DeviceCredentials;
import org.sharpeyes.hub.registry.Point;

/**
 * PTZ over the camera's own RTSP connection: {@code SET_PARAMETER} with a {@code text/parameters} line
 * {@code ptz: ACTION SPEED}, answering a Digest challenge with the point's credentials. The camera simulator speaks
 * this; real cameras get the ONVIF PTZ service once the ONVIF issue lands.
 */
public final class RtspPtzControl implements PtzControl {

    private static final int TIMEOUT_SECONDS = 5;

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
        String target = url.getScheme() + "://" + url.getHost() + ":" + (url.getPort() < 0 ? 554 : url.getPort())
                + url.getRawPath();
        String body = String.format(Locale.ROOT, "ptz: %s %.2f\r\n", command.action().apiName(), command.speed());
        return CompletableFuture.supplyAsync(() -> credentials.apply(point.code()), blocking)
                .thenCompose(login -> exchange(url, target, body, null).thenCompose(response -> {
                    if (response.status == 401 && login.isPresent() && response.challenge != null) {
                        Authenticator auth = Authenticator.forChallenge(response.challenge, login.get().username(),
                                login.get().password());
                        return exchange(url, target, body, auth.authorization("SET_PARAMETER", target));
                    }
                    return CompletableFuture.completedFuture(response);
                })).thenAccept(response -> {
                    if (response.status != 200) {
                        throw new IllegalStateException("camera " + point.code() + " answered PTZ with RTSP "
                                + response.status);
                    }
                });
    }

    private record Answer(int status, String challenge) {
    }

    private CompletableFuture<Answer> exchange(URI url, String target, String body, String authorization) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, TIMEOUT_SECONDS * 1000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(TIMEOUT_SECONDS), new RtspEncoder(),
                                new RtspDecoder(), new HttpObjectAggregator(64 * 1024),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                                        answer.complete(new Answer(response.status().code(),
                                                response.headers().get(RtspHeaderNames.WWW_AUTHENTICATE)));
                                        ctx.close();
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        answer.completeExceptionally(cause);
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        answer.completeExceptionally(new IllegalStateException(
                                                "the camera closed the connection without answering"));
                                    }
                                });
                    }
                }).connect(url.getHost(), url.getPort() < 0 ? 554 : url.getPort()).addListener(connected -> {
                    if (!connected.isSuccess()) {
                        answer.completeExceptionally(connected.cause());
                        return;
                    }
                    Channel channel = ((io.netty.channel.ChannelFuture) connected).channel();
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    FullHttpRequest request = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0,
                            RtspMethods.SET_PARAMETER, target, Unpooled.wrappedBuffer(bytes));
                    request.headers().set(RtspHeaderNames.CSEQ, "1").set(RtspHeaderNames.CONTENT_TYPE,
                            "text/parameters").setInt(RtspHeaderNames.CONTENT_LENGTH, bytes.length);
                    if (authorization != null) {
                        request.headers().set(RtspHeaderNames.AUTHORIZATION, authorization);
                    }
                    channel.writeAndFlush(request);
                });
        return answer;
    }
}

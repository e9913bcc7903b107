package org.sharpeyes.adapters.onvif;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.adapters.net.Transport;

/**
 * HTTP/1.1 exchanges with a device's web server on the caller's event loops (#19): one connection per exchange,
 * since camera web servers close idle connections at will; answers up to {@value #MAX_ANSWER} bytes.
 */
public final class OnvifHttp {

    static final int MAX_ANSWER = 8 * 1024 * 1024;

    private final EventLoopGroup loops;
    private final Duration timeout;

    public OnvifHttp(EventLoopGroup loops, Duration timeout) {
        this.loops = loops;
        this.timeout = timeout;
    }

    /** POSTs {@code body} to {@code uri}; fails with an UNREACHABLE {@link OnvifException} when no answer comes. */
    public CompletableFuture<HttpAnswer> post(URI uri, String contentType, byte[] body, String authorization) {
        return exchange(HttpMethod.POST, uri, contentType, body, authorization);
    }

    /** GETs {@code uri} (a snapshot); fails like {@link #post}. */
    public CompletableFuture<HttpAnswer> get(URI uri, String authorization) {
        return exchange(HttpMethod.GET, uri, null, new byte[0], authorization);
    }

    private CompletableFuture<HttpAnswer> exchange(HttpMethod method, URI uri, String contentType, byte[] body,
            String authorization) {
        CompletableFuture<HttpAnswer> answer = new CompletableFuture<>();
        if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
            answer.completeExceptionally(new OnvifException(OnvifException.Kind.UNREACHABLE, "cannot call " + uri
                    + ": only http:// addresses with a host are supported"));
            return answer;
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String where = uri.getHost() + ":" + port;
        new Bootstrap().group(loops).channel(Transport.socketChannel(loops))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS),
                                new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                                        answer.complete(new HttpAnswer(r.status().code(),
                                                r.headers().get(HttpHeaderNames.WWW_AUTHENTICATE),
                                                r.headers().get(HttpHeaderNames.CONTENT_TYPE),
                                                ByteBufUtil.getBytes(r.content())));
                                        ctx.close();
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        answer.completeExceptionally(failure(cause, where));
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        answer.completeExceptionally(new OnvifException(
                                                OnvifException.Kind.UNREACHABLE, where
                                                + " closed the connection without answering"));
                                    }
                                });
                    }
                }).connect(uri.getHost(), port).addListener((ChannelFuture connected) -> {
                    if (!connected.isSuccess()) {
                        answer.completeExceptionally(failure(connected.cause(), where));
                        return;
                    }
                    Channel channel = connected.channel();
                    String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target,
                            Unpooled.wrappedBuffer(body));
                    request.headers().set(HttpHeaderNames.HOST, uri.getPort() < 0 ? uri.getHost() : where)
                            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                    if (contentType != null) {
                        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
                    }
                    if (authorization != null) {
                        request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
                    }
                    channel.writeAndFlush(request);
                });
        return answer;
    }

    private OnvifException failure(Throwable cause, String where) {
        if (cause instanceof OnvifException onvif) {
            return onvif;
        }
        if (cause instanceof ReadTimeoutException) {
            return new OnvifException(OnvifException.Kind.UNREACHABLE, where + " did not answer within "
                    + timeout.toMillis() + " ms");
        }
        if (cause instanceof TooLongFrameException) {
            return new OnvifException(OnvifException.Kind.MALFORMED, where + " answered more than " + MAX_ANSWER
                    + " bytes");
        }
        if (cause instanceof ConnectException || cause instanceof io.netty.channel.ConnectTimeoutException) {
            return new OnvifException(OnvifException.Kind.UNREACHABLE, "cannot reach " + where + ": "
                    + cause.getMessage());
        }
        return new OnvifException(OnvifException.Kind.UNREACHABLE, "the exchange with " + where + " failed: "
                + cause);
    }
}

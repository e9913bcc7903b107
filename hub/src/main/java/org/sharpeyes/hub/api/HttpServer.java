package org.sharpeyes.hub.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.hub.auth.TokenService;

/** The HTTP listener: binds, builds each connection's pipeline (live streams, then the API), and shuts down gracefully. */
public final class HttpServer implements AutoCloseable {

    private static final int IDLE_SECONDS = 120;
    /** How long a request line and its headers may take to arrive. */
    private static final long HEAD_MILLIS = 10_000;

    private final EventLoopGroup boss = Transport.loops(1);
    private final EventLoopGroup workers = Transport.loops(0);
    private Channel channel;

    /** Binds {@code host:port} (0 for any free port); throws {@link BindException} when the port is taken. */
    public InetSocketAddress start(String host, int port, int maxBodyBytes, Router router, TokenService tokens,
            Executor executor, MeterRegistry metrics, WebUi webUi, Supplier<ChannelHandler> live, List<Supplier<ChannelHandler>> sockets)
            throws BindException, InterruptedException {
        router.verify();
        Counter malformed = Counter.builder("hub.http.refused").tag("what", "malformed_url")
                .description("HTTP requests refused before routing").register(metrics);
        Counter slow = Counter.builder("hub.http.refused").tag("what", "slow_headers")
                .description("HTTP requests refused before routing").register(metrics);
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers)
                .channel(Transport.serverSocketChannel(boss))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                                .addLast("idleClose", new IdleClose())
                                .addLast("codec", new HttpServerCodec())
                                .addLast("headDeadline", new HeadDeadline(HEAD_MILLIS, slow))
                                .addLast("aggregator", new BodyLimit(maxBodyBytes))
                                .addLast("malformedUri", new MalformedUri(malformed))
                                .addLast("web", webUi)
                                .addLast("live", live.get());
                        for (int i = 0; i < sockets.size(); i++) {
                            ch.pipeline().addLast("socket" + i, sockets.get(i).get());
                        }
                        ch.pipeline().addLast("api", new ApiHandler(router, tokens, executor, metrics));
                    }
                });
        try {
            channel = bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) {
            close();
            BindException taken = Transport.addressInUse(e);
            if (taken != null) {
                throw taken;
            }
            throw e;
        }
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting, then lets open connections finish within a short grace period. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Called once a connection has become a live stream (HTTP-FLV, or a media WebSocket): the guards of a request
     * (the idle close and the header deadline) no longer apply, as the stream's own slow-viewer rule and its path's
     * life take over, and they would otherwise look at every picture written.
     */
    public static void becomeStream(ChannelPipeline pipeline) {
        for (String guard : List.of("idle", "idleClose", "headDeadline")) {
            if (pipeline.get(guard) != null) {
                pipeline.remove(guard);
            }
        }
    }
}

package org.sharpeyes.sim.viewer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.sharpeyes.adapters.net.Transport;

/** What the test viewers share: one connection to one URL, the pictures counted and the first key frame timed. */
public abstract class CountingViewer implements StreamViewer {

    protected final URI url;
    protected final AtomicLong pictures = new AtomicLong();
    protected final CompletableFuture<Long> firstKeyFrameNanos = new CompletableFuture<>();
    protected final CompletableFuture<String> playing = new CompletableFuture<>();
    protected volatile Channel channel;

    protected CountingViewer(URI url) {
        this.url = url;
    }

    /** Connects; the future completes when the stream plays, or fails with the status a step got. */
    @Override
    public CompletableFuture<String> start(EventLoopGroup group) {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(Transport.socketChannel(group));
        configure(bootstrap);
        bootstrap.handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                pipeline(ch.pipeline());
            }
        }).connect(url.getHost(), url.getPort()).addListener(done -> {
            if (!done.isSuccess()) {
                playing.completeExceptionally(done.cause());
            }
        });
        return playing;
    }

    /** Adds the protocol's handlers. */
    protected abstract void pipeline(ChannelPipeline pipeline);

    /** Sets socket options before connecting; none by default. */
    protected void configure(Bootstrap bootstrap) {
    }

    @Override
    public long pictures() {
        return pictures.get();
    }

    @Override
    public CompletableFuture<Long> firstKeyFrameNanos() {
        return firstKeyFrameNanos;
    }

    public boolean isConnected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    @Override
    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}

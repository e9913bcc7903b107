package org.sharpeyes.hub.media.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Asks a camera whether it is there: connects to its RTSP port and sends OPTIONS. Any RTSP status line (even 401)
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
        int port = url.getPort() > 0 ? url.getPort() : 554;
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS),
                                new LineBasedFrameDecoder(1024), new Answer(url, answered));
                    }
                }).connect(url.getHost(), port).addListener(done -> {
                    if (!done.isSuccess()) {
                        answered.complete(false);
                    }
                });
        return answered;
    }

    /** Sends OPTIONS and reads the first line of the answer. */
    private static final class Answer extends SimpleChannelInboundHandler<ByteBuf> {
        private final URI url;
        private final CompletableFuture<Boolean> answered;

        Answer(URI url, CompletableFuture<Boolean> answered) {
            this.url = url;
            this.answered = answered;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            String request = "OPTIONS " + url + " RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: SharpEyesHub-Probe\r\n\r\n";
            ctx.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            answered.complete(line.toString(StandardCharsets.ISO_8859_1).startsWith("RTSP/1."));
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answered.complete(false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            answered.complete(false);
            ctx.close();
        }
    }
}

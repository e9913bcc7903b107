package org.sharpeyes.hub.media.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.adapters.rtp.VideoCodec;

/** Shared buffers written with our own send(2) on real epoll sockets over loopback, in order with Netty's writes. */
class StraightSendTest {

    private EventLoopGroup loops;
    private Channel server;
    private Channel viewer;
    private Channel viewerClient;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void connect() throws Exception {
        assumeThat(Transport.isNative()).as("epoll on this machine").isTrue();
        loops = Transport.loops(2);
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        server = new ServerBootstrap().group(loops).channel(Transport.serverSocketChannel(loops))
                .childOption(ChannelOption.SO_SNDBUF, 16 * 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.complete(ch);
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        Channel client = new Bootstrap().group(loops).channel(Transport.socketChannel(loops))
                .option(ChannelOption.AUTO_READ, false)
                .handler(new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf bytes) {
                        synchronized (received) {
                            received.writeBytes(ByteBufUtil.getBytes(bytes));
                        }
                        ctx.read();
                    }
                }).connect(server.localAddress()).sync().channel();
        viewer = accepted.get(5, TimeUnit.SECONDS);
        viewerClient = client;
    }

    @AfterEach
    void close() {
        if (loops != null) {
            viewerClient.close().syncUninterruptibly();
            server.close().syncUninterruptibly();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private byte[] receivedBytes() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    private static ByteBuf direct(byte[] bytes) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    @Test
    void sendsAWholeBufferItselfWhenNothingWaits() throws Exception {
        ByteBuf picture = direct("picture one".getBytes(StandardCharsets.US_ASCII));
        int sent = viewer.eventLoop().submit(() -> StraightSend.send(viewer, picture)).get(5, TimeUnit.SECONDS);
        assertThat(sent).isEqualTo(picture.readableBytes());
        assertThat(picture.readerIndex()).isZero();
        viewerClient.read();
        await().atMost(Duration.ofSeconds(5)).until(() -> new String(receivedBytes(), StandardCharsets.US_ASCII)
                .equals("picture one"));
        picture.release();
    }

    @Test
    void leavesTheBufferToNettyWhenBytesWaitBeforeIt() throws Exception {
        ByteBuf picture = direct("picture".getBytes(StandardCharsets.US_ASCII));
        int sent = viewer.eventLoop().submit(() -> {
            viewer.write(Unpooled.copiedBuffer("header ", StandardCharsets.US_ASCII));
            return StraightSend.send(viewer, picture);
        }).get(5, TimeUnit.SECONDS);
        assertThat(sent).isZero();
        viewer.flush();
        viewerClient.read();
        await().atMost(Duration.ofSeconds(5)).until(() -> new String(receivedBytes(), StandardCharsets.US_ASCII)
                .equals("header "));
        picture.release();
    }

    @Test
    void takesOnlyWhatTheSocketHasRoomFor() throws Exception {
        ByteBuf big = direct(new byte[4 * 1024 * 1024]);
        int sent = viewer.eventLoop().submit(() -> StraightSend.send(viewer, big)).get(5, TimeUnit.SECONDS);
        assertThat(sent).isPositive().isLessThan(big.readableBytes());
        big.release();
    }

    @Test
    void leavesHeapBuffersToNetty() throws Exception {
        ByteBuf heap = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        assertThat(viewer.eventLoop().submit(() -> StraightSend.send(viewer, heap)).get(5, TimeUnit.SECONDS))
                .isZero();
    }

    @Test
    void aPictureLargerThanTheSocketTakesArrivesWholeAndInOrder() throws Exception {
        ReaderPolicy policy = new ReaderPolicy(metrics.counter("dropped"), metrics.counter("disconnected"),
                TimeUnit.SECONDS.toNanos(15), System::nanoTime);
        byte[] big = new byte[4 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >> 13));
        }
        Writer reader = new Writer(viewer, policy);
        AccessUnit first = picture(big, true);
        AccessUnit second = picture("after".getBytes(StandardCharsets.US_ASCII), false);
        viewer.eventLoop().submit(() -> {
            viewer.write(Unpooled.copiedBuffer("head:", StandardCharsets.US_ASCII));
            viewer.flush();
            reader.offer(first);
            reader.offer(second);
        }).get(5, TimeUnit.SECONDS);
        viewerClient.read();
        await().atMost(Duration.ofSeconds(20)).until(() -> receivedBytes().length == 5 + big.length + 5);
        byte[] got = receivedBytes();
        assertThat(new String(got, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("head:");
        assertThat(Arrays.equals(got, 5, 5 + big.length, big, 0, big.length)).isTrue();
        assertThat(new String(got, 5 + big.length, 5, StandardCharsets.US_ASCII)).isEqualTo("after");
        first.release();
        second.release();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.refCnt() == 0 && second.refCnt() == 0);
    }

    private static AccessUnit picture(byte[] bytes, boolean key) {
        return new AccessUnit(VideoCodec.H264, List.of(direct(bytes)), 0, key, ByteBufAllocator.DEFAULT);
    }

    /** A reader whose protocol is the picture's bytes as they are. */
    private static final class Writer extends QueuedReader {
        Writer(Channel channel, ReaderPolicy policy) {
            super(channel, policy);
        }

        @Override
        public boolean needsRtp() {
            return false;
        }

        @Override
        protected void write(AccessUnit unit) {
            writeShared(unit.nals().get(0));
        }
    }
}

package org.sharpeyes.hub.gb28181;

import io.micrometer.core.instrument.Counter;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;
import org.sharpeyes.adapters.gb28181.sip.SipParseException;
import org.sharpeyes.adapters.gb28181.sip.SipParser;
import org.sharpeyes.adapters.gb28181.sip.SipStreamDecoder;
import org.sharpeyes.adapters.net.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's SIP port: one UDP socket and one TCP listener on the same port number, each message read into a
 * {@link SipMessage} and handed to the transaction layer with the peer it came from. A message that cannot be read
 * is counted, logged with its source and what is wrong, and dropped; a TCP connection whose framing is lost (a bad
 * Content-Length) is closed, since nothing after it can be trusted.
 */
final class SipEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipEndpoint.class);
    private static final int MAX_DATAGRAM = 65_536;

    private final EventLoopGroup loops;
    private final SipTransactions transactions;
    private final Counter malformed;
    private Channel udp;
    private Channel tcp;

    SipEndpoint(EventLoopGroup loops, SipTransactions transactions, Counter malformed) {
        this.loops = loops;
        this.transactions = transactions;
        this.malformed = malformed;
    }

    /** Binds UDP then TCP on {@code port} (0: any port free for both). */
    void start(String host, int port) throws InterruptedException, BindException {
        for (int attempt = 0; ; attempt++) {
            try {
                udp = new Bootstrap().group(transactions.loop()).channel(Transport.datagramChannel(loops))
                        .option(ChannelOption.SO_RCVBUF, 1 << 20)
                        // A catalog fragment can exceed Netty's 2 KiB default for a datagram, which would cut it.
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                        .handler(new Datagrams())
                        .bind(host, port).sync().channel();
                int bound = ((InetSocketAddress) udp.localAddress()).getPort();
                tcp = new ServerBootstrap().group(loops).channel(Transport.serverSocketChannel(loops))
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel channel) {
                                channel.pipeline().addLast(frames(), new Stream());
                            }
                        }).bind(host, bound).sync().channel();
                return;
            } catch (InterruptedException e) {
                close();
                throw e;
            } catch (Exception e) {
                close();
                BindException taken = Transport.addressInUse(e);
                if (taken == null) {
                    throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                }
                if (port != 0 || attempt >= 10) {
                    throw taken;
                }
            }
        }
    }

    int port() {
        return ((InetSocketAddress) udp.localAddress()).getPort();
    }

    /**
     * Opens a TCP connection to {@code address} (a platform above reached over TCP) that reads SIP like an accepted
     * one: what comes on it goes to the transaction layer with the connection as its peer.
     */
    CompletableFuture<SipPeer> connect(InetSocketAddress address) {
        CompletableFuture<SipPeer> connected = new CompletableFuture<>();
        new Bootstrap().group(transactions.loop()).channel(Transport.socketChannel(loops))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(frames(), new Stream());
                    }
                }).connect(address).addListener((ChannelFuture done) -> {
                    if (done.isSuccess()) {
                        connected.complete(new SipPeer(true, address, done.channel()));
                    } else {
                        connected.completeExceptionally(done.cause());
                    }
                });
        return connected;
    }

    /** The UDP channel, for sending to a peer met over UDP. */
    Channel udp() {
        return udp;
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close().syncUninterruptibly();
        }
        if (tcp != null) {
            tcp.close().syncUninterruptibly();
        }
    }

    /** The framing of a TCP connection; a lost one is counted and logged before the connection closes. */
    private SipStreamDecoder frames() {
        return new SipStreamDecoder((ctx, what) -> bad("TCP " + ctx.channel().remoteAddress(), what
                + "; connection closed"));
    }

    private void bad(String source, String what) {
        malformed.increment();
        LOG.warn("SIP from {}: {}; dropped", source, what);
    }

    /** One message per datagram; blank datagrams are keep-alives. */
    private final class Datagrams extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            if (SipParser.blankPrefix(content) == content.readableBytes()) {
                return;
            }
            SipPeer peer = new SipPeer(false, packet.sender(), ctx.channel());
            try {
                transactions.received(SipParser.parseDatagram(content), peer);
            } catch (SipParseException e) {
                bad(peer.toString(), e.getMessage());
            }
        }
    }

    /** Hands each message of a TCP connection up with the connection as its peer. */
    private final class Stream extends SimpleChannelInboundHandler<SipMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, SipMessage message) {
            transactions.received(message, new SipPeer(true, (InetSocketAddress) ctx.channel().remoteAddress(),
                    ctx.channel()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("SIP TCP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}

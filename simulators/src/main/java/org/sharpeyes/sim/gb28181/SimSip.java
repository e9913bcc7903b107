package org.sharpeyes.sim.gb28181;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.sharpeyes.adapters.gb28181.sip.SipHeaders;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;
import org.sharpeyes.adapters.gb28181.sip.SipStreamDecoder;
import org.sharpeyes.adapters.net.Transport;

/** What the simulated devices and platform share of SIP: their sockets, answers made from a request, tags. */
final class SimSip {

    private SimSip() {
    }

    /** A UDP socket on loopback that reads datagrams of up to 64 KiB whole (catalog fragments exceed Netty's 2 KiB). */
    static Channel bindUdp(EventLoopGroup loops, ChannelHandler handler) throws InterruptedException {
        return bindUdp(loops, "127.0.0.1", 0, handler);
    }

    /** The same on {@code host:port}. */
    static Channel bindUdp(EventLoopGroup loops, String host, int port, ChannelHandler handler)
            throws InterruptedException {
        return new Bootstrap().group(loops).channel(Transport.datagramChannel(loops))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_536)).handler(handler)
                .bind(host, port).sync().channel();
    }

    /**
     * A TCP listener on {@code host:port} whose connections are cut into SIP messages by Content-Length, then
     * handed to a handler made by {@code handler}.
     */
    static Channel listenTcp(EventLoopGroup loops, String host, int port, Supplier<ChannelHandler> handler)
            throws InterruptedException {
        return new ServerBootstrap().group(loops).channel(Transport.serverSocketChannel(loops))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new SipStreamDecoder((ctx, what) -> { }), handler.get());
                    }
                }).bind(host, port).sync().channel();
    }

    /** A TCP connection to {@code server} cut into SIP messages like a listener's, for a device over TCP. */
    static Channel connectTcp(EventLoopGroup loops, java.net.InetSocketAddress server, Supplier<ChannelHandler> handler)
            throws InterruptedException {
        return new Bootstrap().group(loops).channel(Transport.socketChannel(loops))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new SipStreamDecoder((ctx, what) -> { }), handler.get());
                    }
                }).connect(server).sync().channel();
    }

    /** A response to {@code request}: its Via headers, From, To with a tag, Call-ID and CSeq. */
    static SipMessage answer(SipMessage request, int status, String reason) {
        SipMessage response = SipMessage.response(status, reason);
        request.headers("Via").forEach(via -> response.add("Via", via));
        response.add("From", request.header("From"));
        String to = request.header("To");
        response.add("To", SipHeaders.parameter(to, "tag") == null ? to + ";tag=" + tag() : to);
        response.add("Call-ID", request.header("Call-ID"));
        response.add("CSeq", request.header("CSeq"));
        return response;
    }

    /** A random tag, branch or Call-ID part. */
    static String tag() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFFFL);
    }
}

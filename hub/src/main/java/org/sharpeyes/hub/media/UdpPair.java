package org.sharpeyes.hub.media;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.sharpeyes.adapters.net.Transport;

/**
 * A pair of UDP sockets for RTP (an even port) and RTCP (the next): the RTSP server's one pair shared by every UDP
 * viewer, or a pull source's own pair for a camera that sends over UDP. RTP datagrams go to a consumer on the
 * sockets' event loop; RTCP is read and dropped.
 */
public final class UdpPair implements AutoCloseable {

    private final Channel rtp;
    private final Channel rtcp;

    private UdpPair(Channel rtp, Channel rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    /** Binds a free even/odd port pair on {@code host}; blocks, so never call it on an event loop. */
    public static UdpPair bind(String host, EventLoopGroup group, Consumer<ByteBuf> onRtp) throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            Channel rtp = bind(host, 0, group, onRtp);
            int port = ((InetSocketAddress) rtp.localAddress()).getPort();
            if (port % 2 != 0 || port == 65_535) {
                rtp.close().sync();
                continue;
            }
            try {
                return new UdpPair(rtp, bind(host, port + 1, group, packet -> { }));
            } catch (Exception taken) {
                rtp.close().sync();
            }
        }
        throw new IllegalStateException("no free UDP port pair for RTP/RTCP on " + host);
    }

    private static Channel bind(String host, int port, EventLoopGroup group, Consumer<ByteBuf> onPacket)
            throws InterruptedException {
        return new Bootstrap().group(group).channel(Transport.datagramChannel(group))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        onPacket.accept(packet.content());
                    }
                }).bind(host, port).sync().channel();
    }

    public Channel rtp() {
        return rtp;
    }

    public int rtpPort() {
        return ((InetSocketAddress) rtp.localAddress()).getPort();
    }

    @Override
    public void close() {
        rtp.close();
        rtcp.close();
    }
}

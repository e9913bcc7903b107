package org.sharpeyes.hub.media.server.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;

/**
 * The RTSP server's pair of UDP sockets (RTP on an even port, RTCP on the next), shared by every UDP viewer as
 * media servers do, so a firewall needs two ports, not two per viewer. What viewers send to them (RTCP receiver
 * reports, NAT punches) is read and dropped.
 */
final class UdpSockets implements AutoCloseable {

    private final Channel rtp;
    private final Channel rtcp;

    private UdpSockets(Channel rtp, Channel rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    /** Binds a free even/odd port pair on {@code host}. */
    static UdpSockets bind(String host, EventLoopGroup group) throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            Channel rtp = bind(host, 0, group);
            int port = ((InetSocketAddress) rtp.localAddress()).getPort();
            if (port % 2 != 0 || port == 65_535) {
                rtp.close().sync();
                continue;
            }
            try {
                return new UdpSockets(rtp, bind(host, port + 1, group));
            } catch (Exception taken) {
                rtp.close().sync();
            }
        }
        throw new IllegalStateException("no free UDP port pair for RTP/RTCP on " + host);
    }

    private static Channel bind(String host, int port, EventLoopGroup group) throws InterruptedException {
        return new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        // receiver reports are not used yet
                    }
                }).bind(host, port).sync().channel();
    }

    Channel rtp() {
        return rtp;
    }

    int rtpPort() {
        return ((InetSocketAddress) rtp.localAddress()).getPort();
    }

    @Override
    public void close() {
        rtp.close().syncUninterruptibly();
        rtcp.close().syncUninterruptibly();
    }
}

package org.sharpeyes.hub.media.server.rtsp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.BindException;
import java.net.InetSocketAddress;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.adapters.rtsp.RtspCodecs;
import org.sharpeyes.hub.media.PathRegistry;
import org.sharpeyes.hub.media.UdpPair;
import org.sharpeyes.hub.media.ViewerAccess;
import org.sharpeyes.hub.media.stream.ReaderPolicy;

/** The hub's RTSP listener for viewers, {@code rtsp://HOST:PORT/live/{pointCode}?token=…}, and its RTP/RTCP UDP pair. */
public final class RtspServer implements AutoCloseable {

    private static final int SILENCE_SECONDS = 120;

    private Channel channel;
    private UdpPair udp;

    /** Binds {@code host:port} (0: any free port); throws {@link BindException} when the port is taken. */
    public InetSocketAddress start(String host, int port, EventLoopGroup boss, EventLoopGroup workers,
            ViewerAccess access, PathRegistry paths, ReaderPolicy policy) throws BindException, InterruptedException {
        udp = UdpPair.bind(host, workers, packet -> { });
        UdpPair sockets = udp;
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers).channel(Transport.serverSocketChannel(boss))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // RTSP clients must speak (RTCP or keep-alives) within the 60 s session timeout; twice that
                        // in silence is a dead client holding a reader.
                        ch.pipeline().addLast("silence", new ReadTimeoutHandler(SILENCE_SECONDS));
                        RtspCodecs.addTo(ch.pipeline())
                                .addLast("viewer", new RtspViewerHandler(access, sockets, paths, policy));
                    }
                });
        try {
            channel = bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) {
            BindException taken = Transport.addressInUse(e);
            if (taken != null) {
                throw taken;
            }
            throw e;
        }
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (udp != null) {
            udp.close();
        }
    }
}

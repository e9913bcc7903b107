package org.sharpeyes.sim.gb28181;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.List;
import org.sharpeyes.adapters.gb28181.GbSdp;
import org.sharpeyes.adapters.gb28181.ps.PsMuxer;
import org.sharpeyes.adapters.gb28181.ps.PsRtpPacketizer;
import org.sharpeyes.adapters.gb28181.ps.PsStreamType;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.sim.camera.CameraServer;

/**
 * One channel playing to the hub: the camera simulator's pictures as MPEG program stream over RTP (payload type 96,
 * the SSRC the INVITE's {@code y=} gave), over UDP, or over TCP with RFC 4571 framing, this end connecting when the
 * hub's SDP says {@code a=setup:passive} and listening when it says {@code active}. Set up by the INVITE, playing from
 * the ACK, ended by the BYE.
 */
final class GbMediaSession implements AutoCloseable {

    private final EventLoopGroup loops;
    private final CameraServer camera;
    private final VideoCodec codec;
    private final String channelId;
    private final InetSocketAddress hub;
    private final String mode;
    private final long ssrc;
    private final PsMuxer muxer;
    private final PsRtpPacketizer packetizer;
    private final boolean sound;
    private Channel media;
    private Channel sender;
    private final boolean natLike;
    private Channel listener;
    private volatile Channel tcpStream;
    private AutoCloseable pictures;
    private SipMessage ok;
    private String sdp;

    private GbMediaSession(EventLoopGroup loops, CameraServer camera, VideoCodec codec, String channelId,
            InetSocketAddress hub, String mode, long ssrc, boolean natLike, boolean withoutMap, boolean sound) {
        this.natLike = natLike;
        this.loops = loops;
        this.camera = camera;
        this.codec = codec;
        this.channelId = channelId;
        this.hub = hub;
        this.mode = mode;
        this.ssrc = ssrc;
        PsStreamType audio = sound ? PsStreamType.G711A : null;
        this.sound = sound;
        this.muxer = withoutMap ? new PsMuxer(codec, audio).withoutStreamMap() : new PsMuxer(codec, audio);
        this.packetizer = new PsRtpPacketizer(96, ssrc, (int) (ssrc & 0xFFFF));
    }

    /** Reads the hub's offer and makes this end ready for it: "udp", "tcp-connect" or "tcp-listen". */
    static GbMediaSession answer(EventLoopGroup loops, CameraServer camera, VideoCodec codec, String channelId,
            String offer, boolean natLike, boolean withoutMap, boolean sound) throws InterruptedException {
        GbSdp sdp = GbSdp.parse(offer);
        boolean tcp = sdp.tcp();
        String setup = sdp.setup();
        long ssrc = sdp.ssrc() == null ? 0 : sdp.ssrc();
        String mode = !tcp ? "udp" : setup.equalsIgnoreCase("active") ? "tcp-listen" : "tcp-connect";
        GbMediaSession session = new GbMediaSession(loops, camera, codec, channelId, new InetSocketAddress(
                sdp.host(), sdp.port()), mode, ssrc, natLike, withoutMap, sound);
        session.prepare();
        return session;
    }

    private void prepare() throws InterruptedException {
        int localPort = 9;
        if (mode.equals("udp")) {
            media = new Bootstrap().group(loops).channel(Transport.datagramChannel(loops))
                    .handler(new ChannelInboundHandlerAdapter()).bind("127.0.0.1", 0).sync().channel();
            localPort = ((InetSocketAddress) media.localAddress()).getPort();
            // As behind NAT: the packets leave from another port than the one the SDP names.
            sender = natLike ? new Bootstrap().group(loops).channel(Transport.datagramChannel(loops))
                    .handler(new ChannelInboundHandlerAdapter()).bind("127.0.0.1", 0).sync().channel() : media;
        } else if (mode.equals("tcp-listen")) {
            listener = new ServerBootstrap().group(loops).channel(Transport.serverSocketChannel(loops))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            tcpStream = ch;
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            localPort = ((InetSocketAddress) listener.localAddress()).getPort();
        }
        String proto = mode.equals("udp") ? "RTP/AVP" : "TCP/RTP/AVP";
        StringBuilder text = new StringBuilder().append("v=0\r\n").append("o=").append(channelId)
                .append(" 0 0 IN IP4 127.0.0.1\r\n").append("s=Play\r\n").append("c=IN IP4 127.0.0.1\r\n")
                .append("t=0 0\r\n").append("m=video ").append(localPort).append(' ').append(proto).append(" 96\r\n")
                .append("a=sendonly\r\n").append("a=rtpmap:96 PS/90000\r\n");
        if (!mode.equals("udp")) {
            text.append("a=setup:").append(mode.equals("tcp-listen") ? "passive" : "active").append("\r\n")
                    .append("a=connection:new\r\n");
        }
        text.append("y=").append(String.format("%010d", ssrc)).append("\r\n");
        sdp = text.toString();
    }

    String sdp() {
        return sdp;
    }

    void ok(SipMessage answer) {
        this.ok = answer;
    }

    SipMessage ok() {
        return ok;
    }

    /** Starts sending, at the ACK. */
    synchronized void play() {
        if (pictures != null) {
            return;
        }
        try {
            if (mode.equals("tcp-connect")) {
                tcpStream = new Bootstrap().group(loops).channel(Transport.socketChannel(loops))
                        .handler(new ChannelInboundHandlerAdapter()).connect(hub).sync().channel();
            }
            pictures = camera.pictures(channelId, codec, sound, new CameraServer.PictureSink() {
                @Override
                public void picture(List<ByteBuf> nals, long timestamp, boolean keyFrame) {
                    send(muxer.picture(ByteBufAllocator.DEFAULT, nals, timestamp, keyFrame), timestamp);
                }

                @Override
                public void sound(ByteBuf alaw, long sample) {
                    long pts = sample * 90_000 / 8_000;
                    send(muxer.audio(ByteBufAllocator.DEFAULT, alaw, pts), pts);
                }
            });
        } catch (Exception e) {
            close();
        }
    }

    /** One pack's bytes (released here) as RTP packets to the hub. */
    private void send(ByteBuf ps, long timestamp) {
        try {
            for (ByteBuf packet : packetizer.packetize(ByteBufAllocator.DEFAULT, ps, timestamp)) {
                if (mode.equals("udp")) {
                    sender.writeAndFlush(new DatagramPacket(packet, hub));
                } else if (tcpStream != null && tcpStream.isActive()) {
                    ByteBuf framed = tcpStream.alloc().buffer(2 + packet.readableBytes());
                    framed.writeShort(packet.readableBytes()).writeBytes(packet);
                    packet.release();
                    tcpStream.writeAndFlush(framed);
                } else {
                    packet.release();
                }
            }
        } finally {
            ps.release();
        }
    }

    @Override
    public synchronized void close() {
        if (pictures != null) {
            try {
                pictures.close();
            } catch (Exception e) {
                // The camera stops by itself once nobody watches.
            }
            pictures = null;
        }
        for (Channel ch : new Channel[] {media, sender, listener, tcpStream}) {
            if (ch != null) {
                ch.close();
            }
        }
    }
}

package org.sharpeyes.hub.gb28181;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.adapters.gb28181.GbSdp;
import org.sharpeyes.adapters.gb28181.ps.PsAudioFrame;
import org.sharpeyes.adapters.gb28181.ps.PsDemuxer;
import org.sharpeyes.adapters.gb28181.ps.PsRtpDepacketizer;
import org.sharpeyes.adapters.gb28181.ps.PsVideoFrame;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.adapters.rtp.RtpPacket;
import org.sharpeyes.hub.media.source.PullSource;
import org.sharpeyes.hub.media.source.PullStats;
import org.sharpeyes.hub.media.source.SourceListener;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GB/T 28181 channel pulled live, {@code gb28181://{device}/{channel}?transport=udp|tcp-passive|tcp-active}:
 * the hub opens its end (a UDP port, or a TCP port the device connects to, or nothing when the hub connects),
 * INVITEs the channel through its device with that SDP and an SSRC, and reads MPEG-PS over RTP (RFC 4571 framing
 * on TCP) into the path's stream, the same stream RTSP pulls fill, so every output works unchanged. A picture
 * damaged by loss makes the stream wait for the next key frame. When the device is not registered, refuses, or
 * sends nothing, the listener hears why in words, and the source tries again with back-off until closed; closing
 * sends the BYE. All its work runs on its event loop.
 */
final class GbPullSource implements PullSource {

    private static final Logger LOG = LoggerFactory.getLogger(GbPullSource.class);
    private static final long FIRST_BACKOFF_MILLIS = 1_000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final GbService gb;
    private final URI url;
    private final String deviceId;
    private final String channelId;
    private final String transport;
    private final EventLoop loop;
    private final MediaStream stream;
    private final SourceListener listener;
    private final PullStats stats;
    private final int timeoutMillis;
    private Channel receiver;
    private Channel tcp;
    private GbDialog dialog;
    private PsDemuxer demuxer;
    private GbAudio audio;
    private PsRtpDepacketizer depacketizer;
    private ScheduledFuture<?> noMedia;
    private boolean closed;
    private boolean signalled;
    private boolean waitingForKeyFrame = true;
    private long lastRtpTimestamp;
    private int failuresInARow;
    private int attempt;
    private GbDiagnosis.Attempt record;
    private String expectedSsrc;
    private InetSocketAddress announced;
    private boolean firstRtpSeen;

    GbPullSource(GbService gb, URI url, EventLoop loop, MediaStream stream, SourceListener listener,
            PullStats stats, int timeoutMillis) {
        this.gb = gb;
        this.url = url;
        GbStreamAddress address = GbStreamAddress.parse(url.toString()).orElseThrow(() ->
                new IllegalArgumentException("not a gb28181:// address: " + url));
        this.deviceId = address.deviceId();
        this.channelId = address.channelId();
        this.transport = address.transport();
        this.loop = loop;
        this.stream = stream;
        this.listener = listener;
        this.stats = stats;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void start() {
        loop.execute(this::connect);
    }

    @Override
    public void close() {
        loop.execute(() -> {
            closed = true;
            stop();
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        int mine = ++attempt;
        record = gb.diagnosis().begin(channelId, transport);
        firstRtpSeen = false;
        GbDevice device = gb.device(deviceId).orElse(null);
        if (device == null || !device.online()) {
            fail(mine, device == null ? "GB/T 28181 device " + deviceId + " has not registered with the hub since it "
                    + "started (check its server ID, domain, address, port and password)" : "GB/T 28181 device "
                    + deviceId + " is offline (last heard from at " + device.lastSeen() + " from " + device.peer()
                    + ")");
            return;
        }
        demuxer = new PsDemuxer(PooledByteBufAllocator.DEFAULT, new Frames());
        audio = new GbAudio(stream, PooledByteBufAllocator.DEFAULT);
        depacketizer = new PsRtpDepacketizer(demuxer);
        waitingForKeyFrame = true;
        ChannelFuture opened = openReceiver();
        if (opened == null) {
            invite(mine, device, 9);
            return;
        }
        receiver = opened.channel();
        opened.addListener(done -> loop.execute(() -> {
            if (!done.isSuccess()) {
                fail(mine, "no local port for the stream: " + rootMessage(done.cause()));
            } else if (!closed && mine == attempt) {
                invite(mine, device, ((InetSocketAddress) opened.channel().localAddress()).getPort());
            }
        }));
    }

    private void invite(int mine, GbDevice device, int port) {
        String ssrc = gb.nextSsrc();
        expectedSsrc = ssrc;
        gb.diagnosis().step(record, "invite", "INVITE sent to device " + deviceId + " at " + device.peer()
                + " for channel " + channelId + ", SSRC " + ssrc + ", media " + describe(port));
        gb.invite(device, channelId, ssrc, offer(port, ssrc)).whenComplete((made, error) -> loop.execute(() -> {
            if (closed || mine != attempt) {
                if (made != null) {
                    gb.bye(made);
                }
                return;
            }
            if (error != null) {
                fail(mine, "INVITE of channel " + channelId + " failed: " + rootMessage(error));
                return;
            }
            dialog = made;
            String answer = new String(made.answer().body(), java.nio.charset.StandardCharsets.UTF_8);
            announced = sender(answer);
            gb.diagnosis().step(record, "answered", "the device answered " + made.answer().status() + " "
                    + made.answer().reason() + "; its SDP says it sends from " + hostPort(announced)
                    + (answer.contains("a=setup:") ? " (setup " + GbSdp.parse(answer).setup() + ")" : "")
                    + ssrcOf(answer) + "; ACK sent");
            if (transport.equals("tcp-active")) {
                connectTo(mine, answer);
            }
            noMedia = loop.schedule(() -> fail(mine, "the device accepted the INVITE but no RTP came within "
                    + timeoutMillis / 1000 + " s (it said it would send from " + sender(answer) + ")"),
                    timeoutMillis, TimeUnit.MILLISECONDS);
        }));
    }

    /** Opens the hub's end: a UDP port or a TCP port the device connects to; null when the hub connects. */
    private ChannelFuture openReceiver() {
        if (transport.equals("udp")) {
            // About 180 datagrams a second per 2 Mbit/s stream: read in batches, one system call for many.
            return Transport.batchedDatagrams(new Bootstrap().group(loop).channel(Transport.datagramChannel(loop))
                    .option(ChannelOption.SO_RCVBUF, 4 << 20), loop, 8192).handler(new Datagrams()).bind(0);
        }
        if (transport.equals("tcp-passive")) {
            return new ServerBootstrap().group(loop).channel(Transport.serverSocketChannel(loop))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tcp != null) {
                                ch.close();
                                return;
                            }
                            tcp = ch;
                            framed(ch);
                        }
                    }).bind(0);
        }
        return null;
    }

    private void connectTo(int mine, String answer) {
        InetSocketAddress address = sender(answer);
        new Bootstrap().group(loop).channel(Transport.socketChannel(loop))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        framed(ch);
                    }
                }).connect(address).addListener(done -> {
                    if (!done.isSuccess()) {
                        fail(mine, "TCP active: the hub could not connect to " + address.getAddress().getHostAddress()
                                + ":" + address.getPort() + ", where the device said it listens ("
                                + rootMessage(done.cause()) + ")");
                    } else if (closed || mine != attempt) {
                        ((ChannelFuture) done).channel().close();
                    } else {
                        tcp = ((ChannelFuture) done).channel();
                        gb.diagnosis().step(record, "connected", "TCP active: connected to " + hostPort(address));
                    }
                });
    }

    private void framed(SocketChannel ch) {
        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(65_537, 0, 2, 0, 2), new Packets());
    }

    private String offer(int port, String ssrc) {
        String host = gb.mediaHost();
        StringBuilder sdp = new StringBuilder().append("v=0\r\n").append("o=").append(gb.settings().id())
                .append(" 0 0 IN IP4 ").append(host).append("\r\n").append("s=Play\r\n").append("c=IN IP4 ")
                .append(host).append("\r\n").append("t=0 0\r\n").append("m=video ").append(port).append(' ')
                .append(transport.equals("udp") ? "RTP/AVP" : "TCP/RTP/AVP").append(" 96 97 98\r\n")
                .append("a=recvonly\r\n").append("a=rtpmap:96 PS/90000\r\n").append("a=rtpmap:97 MPEG4/90000\r\n")
                .append("a=rtpmap:98 H264/90000\r\n");
        if (!transport.equals("udp")) {
            sdp.append("a=setup:").append(transport.equals("tcp-passive") ? "passive" : "active").append("\r\n")
                    .append("a=connection:new\r\n");
        }
        return sdp.append("y=").append(ssrc).append("\r\n").toString();
    }

    /** The address the device's answer names for its media (c= and m=), for the TCP-active connect and for words. */
    private static InetSocketAddress sender(String answer) {
        GbSdp sdp = GbSdp.parse(answer);
        return new InetSocketAddress(sdp.host(), sdp.port());
    }

    private void rtp(ByteBuf packet, InetSocketAddress from) {
        if (closed || depacketizer == null) {
            return;
        }
        RtpPacket rtp;
        try {
            rtp = RtpPacket.parse(packet);
        } catch (IllegalArgumentException e) {
            stats.malformedRtp();
            if (!firstRtpSeen) {
                gb.diagnosis().step(record, "malformed-rtp", "a packet from " + hostPort(from) + " is not RTP: "
                        + e.getMessage());
            }
            return;
        }
        if (!firstRtpSeen) {
            firstRtpSeen = true;
            firstRtp(rtp, from);
        }
        if (noMedia != null) {
            noMedia.cancel(false);
            noMedia = null;
        }
        lastRtpTimestamp = rtp.timestamp();
        long lostBefore = depacketizer.lostPackets();
        depacketizer.push(rtp);
        if (depacketizer.lostPackets() > lostBefore) {
            stats.lostPackets(depacketizer.lostPackets() - lostBefore);
        }
    }

    /** Pictures into the stream, from a whole key frame on and again after a loss. */
    private final class Frames implements PsDemuxer.Listener {
        @Override
        public void video(PsVideoFrame frame) {
            if (frame.damaged()) {
                stats.damagedUnit();
                waitingForKeyFrame = true;
            }
            if (waitingForKeyFrame && (!frame.keyFrame() || frame.damaged())) {
                frame.release();
                return;
            }
            waitingForKeyFrame = false;
            if (stream.codec() != frame.codec()) {
                stream.setCodec(frame.codec());
            }
            if (!signalled) {
                // The map came with the key frame: G.711 is announced before the first viewer's DESCRIBE.
                audio.mapped(demuxer.audioType());
            }
            stream.publish(frame.nals(), frame.pts() >= 0 ? frame.pts() : lastRtpTimestamp);
            if (!signalled && stream.track() != null) {
                signalled = true;
                failuresInARow = 0;
                gb.diagnosis().step(record, "playing", "first key frame (" + frame.codec() + ") read; playing");
                gb.diagnosis().end(record, "playing");
                LOG.info("live: GB/T 28181 channel {} plays over {}", channelId, transport);
                listener.ready();
            }
        }

        @Override
        public void audio(PsAudioFrame frame) {
            if (waitingForKeyFrame && !signalled) {
                // Sound before the first picture would be anchored to a clock that has not started.
                frame.data().release();
                return;
            }
            try {
                audio.frame(frame);
            } catch (IllegalArgumentException e) {
                stats.malformedRtp();
                LOG.debug("GB/T 28181 channel {}: audio {}", channelId, e.getMessage());
            }
        }

        @Override
        public void malformed(String what) {
            stats.malformedRtp();
            LOG.debug("GB/T 28181 channel {}: {}", channelId, what);
        }
    }

    private void fail(int mine, String reason) {
        if (closed || mine != attempt) {
            return;
        }
        stop();
        signalled = false;
        gb.diagnosis().step(record, "failed", reason);
        gb.diagnosis().end(record, reason);
        LOG.warn("live: GB/T 28181 channel {} ({}): {}", channelId, url, reason);
        listener.failed(reason);
        long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(failuresInARow++, 5));
        loop.schedule(this::connect, backoff, TimeUnit.MILLISECONDS);
    }

    private void stop() {
        if (noMedia != null) {
            noMedia.cancel(false);
            noMedia = null;
        }
        if (dialog != null) {
            gb.bye(dialog);
            dialog = null;
        }
        for (Channel ch : new Channel[] {receiver, tcp}) {
            if (ch != null) {
                ch.close();
            }
        }
        receiver = null;
        tcp = null;
        if (demuxer != null) {
            demuxer.close();
            demuxer = null;
            depacketizer = null;
        }
    }

    /** Notes where the first packet really came from and with which SSRC, against what the SDP said. */
    private void firstRtp(RtpPacket rtp, InetSocketAddress from) {
        String ssrc = String.format("%010d", rtp.ssrc());
        StringBuilder text = new StringBuilder("first RTP packet from ").append(hostPort(from)).append(", SSRC ")
                .append(ssrc).append(" (payload type ").append(rtp.payloadType()).append(')');
        if (announced != null && transport.equals("udp") && from != null && (announced.getPort() != from.getPort()
                || !announced.getAddress().equals(from.getAddress()))) {
            text.append("; the SDP said ").append(hostPort(announced))
                    .append(": NAT or a second network card is likely between device and hub");
        }
        if (expectedSsrc != null && !expectedSsrc.equals(ssrc)) {
            text.append("; the INVITE asked for SSRC ").append(expectedSsrc)
                    .append(" (taken anyway: many devices use their own)");
        }
        gb.diagnosis().step(record, "first-rtp", text.toString());
    }

    private String describe(int port) {
        return switch (transport) {
            case "tcp-passive" -> "TCP, the hub listening on " + gb.mediaHost() + ":" + port;
            case "tcp-active" -> "TCP, the hub to connect to the device";
            default -> "UDP to " + gb.mediaHost() + ":" + port;
        };
    }

    private static String ssrcOf(String sdp) {
        Long ssrc = GbSdp.parse(sdp).ssrc();
        return ssrc == null ? ", no y= line" : ", SSRC " + String.format("%010d", ssrc);
    }

    private static String hostPort(InetSocketAddress address) {
        return address == null ? "(unknown)" : address.getAddress() == null ? address.getHostString() + ":"
                + address.getPort() : address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /** RTP datagrams. */
    private final class Datagrams extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            rtp(packet.content(), packet.sender());
        }
    }

    /** RTP packets cut from a TCP stream by their two-byte length. */
    private final class Packets extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf packet) {
            rtp(packet, (InetSocketAddress) ctx.channel().remoteAddress());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            int mine = attempt;
            if (ctx.channel() == tcp) {
                fail(mine, "the device closed the TCP stream");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

package org.sharpeyes.sim.viewer;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.sharpeyes.adapters.rtp.RtpPacket;
import org.sharpeyes.adapters.rtsp.ControlUrl;
import org.sharpeyes.adapters.rtsp.InterleavedFrame;
import org.sharpeyes.adapters.rtsp.RtspCodecs;
import org.sharpeyes.adapters.sdp.MediaDescription;
import org.sharpeyes.adapters.sdp.SessionDescription;

/**
 * A test and benchmark viewer: plays one RTSP URL over TCP and counts what arrives (RTP packets, sequence gaps,
 * pictures, the delay to the first key frame), without decoding; the video track is set up where the SDP says. Many of them share one event loop group. A viewer
 * can be made to stop reading, as a client on a choked link does. Pictures are RTP packets with the marker bit; the first
 * key frame is timed from sending PLAY.
 */
public final class RtspViewer extends CountingViewer {

    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private volatile long playSentNanos;
    private int expectedSequence = -1;
    private int receiveBufferBytes;

    public RtspViewer(URI url) {
        super(url);
    }

    /**
     * Sets the socket's receive buffer before connecting (0: the system's, which grows to megabytes), so that a viewer
     * that stops reading backs the server up within a second or two, as a viewer on a thin link does.
     */
    public RtspViewer receiveBuffer(int bytes) {
        this.receiveBufferBytes = bytes;
        return this;
    }

    @Override
    protected void configure(Bootstrap bootstrap) {
        if (receiveBufferBytes > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, receiveBufferBytes);
        }
    }

    @Override
    protected void pipeline(ChannelPipeline pipeline) {
        RtspCodecs.addTo(pipeline).addLast("viewer", new Handler());
    }

    /** Stops or resumes reading from the socket, so the server's writes back up. */
    public void setReading(boolean reading) {
        Channel ch = channel;
        if (ch != null) {
            ch.config().setAutoRead(reading);
        }
    }

    public long packets() {
        return packets.get();
    }

    /** RTP packets missing from the sequence. */
    @Override
    public long lost() {
        return lost.get();
    }

    private static final long KEEP_ALIVE_SECONDS = 30;

    /** The RTSP exchange and the counting. */
    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private int cseq;
        private String session;
        private String base;
        private java.util.concurrent.ScheduledFuture<?> keepAlive;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            send(ctx, RtspMethods.DESCRIBE, url.toString());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object message) {
            if (message instanceof InterleavedFrame frame) {
                if (frame.channel() == 0) {
                    count(frame);
                }
                return;
            }
            if (!(message instanceof FullHttpResponse response)) {
                return;
            }
            if (response.status().code() != 200) {
                playing.completeExceptionally(new IllegalStateException(response.status().toString()));
                ctx.close();
                return;
            }
            if (base == null) {
                base = response.headers().get("Content-Base", url.toString());
                MediaDescription video = SessionDescription.parse(response.content().toString(StandardCharsets.UTF_8))
                        .video();
                FullHttpRequest setup = request(RtspMethods.SETUP, ControlUrl.resolve(base,
                        video == null ? null : video.control()));
                setup.headers().set("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
                ctx.writeAndFlush(setup);
            } else if (session == null) {
                session = response.headers().get("Session", "").split(";")[0];
                playSentNanos = System.nanoTime();
                send(ctx, RtspMethods.PLAY, base);
            } else if (keepAlive == null) {
                playing.complete(response.status().toString());
                // Like VLC and ffplay, say we are still here within the session timeout (servers drop silent viewers).
                keepAlive = ctx.executor().scheduleAtFixedRate(() -> send(ctx, RtspMethods.GET_PARAMETER, base),
                        KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            }
        }

        private void count(InterleavedFrame frame) {
            RtpPacket rtp = RtpPacket.parse(frame.content());
            packets.incrementAndGet();
            if (expectedSequence >= 0 && rtp.sequence() != expectedSequence) {
                lost.addAndGet((rtp.sequence() - expectedSequence) & 0xFFFF);
            }
            expectedSequence = (rtp.sequence() + 1) & 0xFFFF;
            if (rtp.marker()) {
                pictures.incrementAndGet();
            }
            if (!firstKeyFrameNanos.isDone() && rtp.payload().isReadable()) {
                int start = rtp.payload().readerIndex();
                int type = rtp.payload().getUnsignedByte(start) & 0x1F;
                // FU-A names its NAL type in the next byte; STAP-A's first NAL follows its two-byte size.
                int nal = type == 28 && rtp.payload().readableBytes() > 1
                        ? rtp.payload().getUnsignedByte(start + 1) & 0x1F
                        : type == 24 && rtp.payload().readableBytes() > 3
                                ? rtp.payload().getUnsignedByte(start + 3) & 0x1F : type;
                if (nal == 5 || nal == 7) {
                    firstKeyFrameNanos.complete(System.nanoTime() - playSentNanos);
                }
            }
        }

        private void send(ChannelHandlerContext ctx, HttpMethod method, String uri) {
            ctx.writeAndFlush(request(method, uri));
        }

        private FullHttpRequest request(HttpMethod method, String uri) {
            FullHttpRequest request = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri,
                    Unpooled.EMPTY_BUFFER);
            request.headers().set("CSeq", ++cseq);
            if (session != null) {
                request.headers().set("Session", session);
            }
            return request;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (keepAlive != null) {
                keepAlive.cancel(false);
            }
            playing.completeExceptionally(new IllegalStateException("connection closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            playing.completeExceptionally(cause);
            ctx.close();
        }
    }
}

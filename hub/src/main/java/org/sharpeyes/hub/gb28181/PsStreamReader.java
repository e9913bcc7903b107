package org.sharpeyes.hub.gb28181;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.sharpeyes.adapters.gb28181.ps.PsMuxer;
import org.sharpeyes.adapters.gb28181.ps.PsRtpPacketizer;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.media.stream.QueuedReader;
import org.sharpeyes.hub.media.stream.ReaderPolicy;
import org.sharpeyes.hub.media.stream.VideoTrack;

/**
 * A platform above playing a point: each picture of the path's stream as MPEG-PS (the parameter sets the stream knows
 * put before every key frame, as a decoder joining there needs them) over RTP with the SSRC its INVITE asked for, to
 * a UDP address or on a TCP connection with RFC 4571 framing. A reader like any viewer's: it starts on the kept key
 * frame and is dropped to the next one when it falls behind.
 */
final class PsStreamReader extends QueuedReader {

    private final MediaStream stream;
    private final InetSocketAddress udpDestination;
    private final PsRtpPacketizer packetizer;
    private PsMuxer muxer;
    private VideoTrack muxed;

    /** {@code udpDestination} null: {@code channel} is the TCP connection the packets go on, framed. */
    PsStreamReader(Channel channel, ReaderPolicy policy, MediaStream stream, InetSocketAddress udpDestination,
            long ssrc) {
        super(channel, policy);
        this.stream = stream;
        this.udpDestination = udpDestination;
        this.packetizer = new PsRtpPacketizer(96, ssrc, (int) (ssrc & 0xFFFF));
    }

    /** A UDP socket is never full; the network drops what is too much. */
    @Override
    protected boolean writable() {
        return udpDestination != null || super.writable();
    }

    @Override
    protected void write(AccessUnit unit) {
        VideoTrack track = stream.track();
        if (muxer == null || (track != null && track != muxed)) {
            muxer = new PsMuxer(unit.codec(), null);
            muxed = track;
        }
        List<ByteBuf> nals = unit.nals();
        if (unit.keyFrame() && track != null) {
            nals = new ArrayList<>();
            for (byte[] set : track.parameterSets()) {
                nals.add(Unpooled.wrappedBuffer(set));
            }
            nals.addAll(unit.nals());
        }
        ByteBuf ps = muxer.picture(channel.alloc(), nals, unit.timestamp(), unit.keyFrame());
        try {
            for (ByteBuf packet : packetizer.packetize(channel.alloc(), ps, unit.timestamp())) {
                if (udpDestination != null) {
                    channel.write(new DatagramPacket(packet, udpDestination), channel.voidPromise());
                } else {
                    ByteBuf length = channel.alloc().buffer(2).writeShort(packet.readableBytes());
                    channel.write(length, channel.voidPromise());
                    channel.write(packet, channel.voidPromise());
                }
            }
            channel.flush();
        } finally {
            ps.release();
        }
    }
}

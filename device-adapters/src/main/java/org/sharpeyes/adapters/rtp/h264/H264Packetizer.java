package org.sharpeyes.adapters.rtp.h264;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.sharpeyes.adapters.rtp.RtpPacket;

/**
 * Turns H.264 access units into RTP packets (RFC 6184, packetization mode 1): a NAL unit that fits the payload size
 * travels alone, a larger one as FU-A fragments; the marker bit closes each access unit. Not thread-safe.
 */
public final class H264Packetizer {

    private final ByteBufAllocator allocator;
    private final int payloadType;
    private final long ssrc;
    private final int maxPayload;
    private int sequence;

    public H264Packetizer(ByteBufAllocator allocator, int payloadType, long ssrc, int initialSequence, int maxPayload) {
        this.allocator = allocator;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.sequence = initialSequence & 0xFFFF;
        this.maxPayload = maxPayload;
    }

    /** The packets of one access unit; the caller owns (and releases) them. {@code nals} are only read. */
    public List<ByteBuf> packetize(List<ByteBuf> nals, long timestamp) {
        List<ByteBuf> packets = new ArrayList<>();
        for (int n = 0; n < nals.size(); n++) {
            ByteBuf nal = nals.get(n);
            boolean last = n == nals.size() - 1;
            int size = nal.readableBytes();
            if (size <= maxPayload) {
                ByteBuf packet = allocator.buffer(RtpPacket.HEADER_BYTES + size);
                RtpPacket.writeHeader(packet, last, payloadType, nextSequence(), timestamp, ssrc);
                packet.writeBytes(nal, nal.readerIndex(), size);
                packets.add(packet);
                continue;
            }
            int header = nal.getUnsignedByte(nal.readerIndex());
            int offset = nal.readerIndex() + 1;
            int remaining = size - 1;
            boolean first = true;
            while (remaining > 0) {
                int chunk = Math.min(remaining, maxPayload - 2);
                boolean end = chunk == remaining;
                ByteBuf packet = allocator.buffer(RtpPacket.HEADER_BYTES + 2 + chunk);
                RtpPacket.writeHeader(packet, last && end, payloadType, nextSequence(), timestamp, ssrc);
                packet.writeByte((header & 0xE0) | NalUnits.FU_A);
                packet.writeByte((first ? 0x80 : 0) | (end ? 0x40 : 0) | (header & 0x1F));
                packet.writeBytes(nal, offset, chunk);
                packets.add(packet);
                offset += chunk;
                remaining -= chunk;
                first = false;
            }
        }
        return packets;
    }

    /** The sequence number the next packet will carry. */
    public int nextSequenceNumber() {
        return sequence;
    }

    private int nextSequence() {
        int current = sequence;
        sequence = (sequence + 1) & 0xFFFF;
        return current;
    }
}

package org.sharpeyes.adapters.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns access units of NAL units into RTP packets: a NAL unit that fits the payload size travels alone, a larger
 * one as fragmentation units whose headers the codec writes; the marker bit closes each access unit. Not
 * thread-safe.
 */
public abstract class NalPacketizer {

    private final ByteBufAllocator allocator;
    private final int payloadType;
    private final long ssrc;
    private final int maxPayload;
    private int sequence;

    protected NalPacketizer(ByteBufAllocator allocator, int payloadType, long ssrc, int initialSequence,
            int maxPayload) {
        this.allocator = allocator;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.sequence = initialSequence & 0xFFFF;
        this.maxPayload = maxPayload;
    }

    /** Bytes of the NAL unit header, which fragments carry in their own form instead. */
    protected abstract int nalHeaderBytes();

    /** Writes a fragment's payload header and FU header for {@code nal}, marking its start and end. */
    protected abstract void writeFragmentHeader(ByteBuf out, ByteBuf nal, boolean start, boolean end);

    /** The packets of one access unit; the caller owns (and releases) them. {@code nals} are only read. */
    public List<ByteBuf> packetize(List<ByteBuf> nals, long timestamp) {
        List<ByteBuf> packets = new ArrayList<>();
        int fragmentOverhead = nalHeaderBytes() + 1;
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
            int offset = nal.readerIndex() + nalHeaderBytes();
            int remaining = size - nalHeaderBytes();
            boolean start = true;
            while (remaining > 0) {
                int chunk = Math.min(remaining, maxPayload - fragmentOverhead);
                boolean end = chunk == remaining;
                ByteBuf packet = allocator.buffer(RtpPacket.HEADER_BYTES + fragmentOverhead + chunk);
                RtpPacket.writeHeader(packet, last && end, payloadType, nextSequence(), timestamp, ssrc);
                writeFragmentHeader(packet, nal, start, end);
                packet.writeBytes(nal, offset, chunk);
                packets.add(packet);
                offset += chunk;
                remaining -= chunk;
                start = false;
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

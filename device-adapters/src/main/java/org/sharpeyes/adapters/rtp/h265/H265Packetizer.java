package org.sharpeyes.adapters.rtp.h265;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.sharpeyes.adapters.rtp.RtpPacket;

/**
 * Turns H.265 access units into RTP packets (RFC 7798): a NAL unit that fits the payload size travels alone, a larger
 * one as fragmentation units; the marker bit closes each access unit. Not thread-safe.
 */
public final class H265Packetizer {

    private final ByteBufAllocator allocator;
    private final int payloadType;
    private final long ssrc;
    private final int maxPayload;
    private int sequence;

    public H265Packetizer(ByteBufAllocator allocator, int payloadType, long ssrc, int initialSequence, int maxPayload) {
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
                RtpPacket.writeHeader(packet, last, payloadType, next(), timestamp, ssrc);
                packet.writeBytes(nal, nal.readerIndex(), size);
                packets.add(packet);
                continue;
            }
            int first = nal.getUnsignedByte(nal.readerIndex());
            int second = nal.getUnsignedByte(nal.readerIndex() + 1);
            int type = (first >> 1) & 0x3F;
            int offset = nal.readerIndex() + 2;
            int remaining = size - 2;
            boolean start = true;
            while (remaining > 0) {
                int chunk = Math.min(remaining, maxPayload - 3);
                boolean end = chunk == remaining;
                ByteBuf packet = allocator.buffer(RtpPacket.HEADER_BYTES + 3 + chunk);
                RtpPacket.writeHeader(packet, last && end, payloadType, next(), timestamp, ssrc);
                packet.writeByte((first & 0x81) | (H265Depacketizer.FU << 1)).writeByte(second);
                packet.writeByte((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
                packet.writeBytes(nal, offset, chunk);
                packets.add(packet);
                offset += chunk;
                remaining -= chunk;
                start = false;
            }
        }
        return packets;
    }

    private int next() {
        int current = sequence;
        sequence = (sequence + 1) & 0xFFFF;
        return current;
    }
}

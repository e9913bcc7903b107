package org.sharpeyes.adapters.rtp.h265;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeyes.adapters.rtp.NalPacketizer;

/** H.265 access units as RTP packets (RFC 7798): single NAL unit packets and fragmentation units. */
public final class H265Packetizer extends NalPacketizer {

    public H265Packetizer(ByteBufAllocator allocator, int payloadType, long ssrc, int initialSequence, int maxPayload) {
        super(allocator, payloadType, ssrc, initialSequence, maxPayload);
    }

    @Override
    protected int nalHeaderBytes() {
        return 2;
    }

    @Override
    protected void writeFragmentHeader(ByteBuf out, ByteBuf nal, boolean start, boolean end) {
        int first = nal.getUnsignedByte(nal.readerIndex());
        out.writeByte((first & 0x81) | (H265Depacketizer.FU << 1)).writeByte(nal.getByte(nal.readerIndex() + 1));
        out.writeByte((start ? 0x80 : 0) | (end ? 0x40 : 0) | ((first >> 1) & 0x3F));
    }
}

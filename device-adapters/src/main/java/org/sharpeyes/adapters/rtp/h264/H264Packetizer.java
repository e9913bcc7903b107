package org.sharpeyes.adapters.rtp.h264;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeyes.adapters.rtp.NalPacketizer;

/** H.264 access units as RTP packets (RFC 6184, packetization mode 1): single NAL units and FU-A fragments. */
public final class H264Packetizer extends NalPacketizer {

    public H264Packetizer(ByteBufAllocator allocator, int payloadType, long ssrc, int initialSequence, int maxPayload) {
        super(allocator, payloadType, ssrc, initialSequence, maxPayload);
    }

    @Override
    protected int nalHeaderBytes() {
        return 1;
    }

    @Override
    protected void writeFragmentHeader(ByteBuf out, ByteBuf nal, boolean start, boolean end) {
        int header = nal.getUnsignedByte(nal.readerIndex());
        out.writeByte((header & 0xE0) | NalUnits.FU_A);
        out.writeByte((start ? 0x80 : 0) | (end ? 0x40 : 0) | (header & 0x1F));
    }
}

package org.sharpeyes.adapters.rtp.h265;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeyes.adapters.rtp.NalDepacketizer;

/**
 * H.265 access units from RTP (RFC 7798): single NAL unit packets, aggregation packets (type 48) and fragmentation
 * units (type 49), without DONL (sprop-max-don-diff 0, as cameras send). PACI packets (50) are skipped.
 */
public final class H265Depacketizer extends NalDepacketizer {

    public static final int AP = 48;
    public static final int FU = 49;
    public static final int PACI = 50;

    public H265Depacketizer(ByteBufAllocator allocator) {
        super(allocator);
    }

    @Override
    protected void read(ByteBuf payload) {
        if (payload.readableBytes() < 3) {
            malformed();
            return;
        }
        int type = HevcNalUnits.type(payload);
        if (type < AP) {
            nal(payload, payload.readerIndex(), payload.readableBytes());
        } else if (type == AP) {
            readAggregation(payload);
        } else if (type == FU) {
            readFragment(payload);
        } else if (type != PACI) {
            malformed();
        }
    }

    @Override
    protected boolean isKeyNal(ByteBuf nal) {
        return HevcNalUnits.isIrap(HevcNalUnits.type(nal));
    }

    private void readAggregation(ByteBuf payload) {
        int i = payload.readerIndex() + 2;
        int end = payload.writerIndex();
        while (i + 2 <= end) {
            int size = payload.getUnsignedShort(i);
            i += 2;
            if (size < 2 || i + size > end) {
                malformed();
                return;
            }
            nal(payload, i, size);
            i += size;
        }
    }

    private void readFragment(ByteBuf payload) {
        int base = payload.readerIndex();
        int header = payload.getUnsignedByte(base + 2);
        if ((header & 0x80) != 0) {
            int fuType = header & 0x3F;
            startFragment(new byte[] {(byte) ((payload.getByte(base) & 0x81) | (fuType << 1)), payload.getByte(base + 1)});
        }
        continueFragment(payload.slice(base + 3, payload.readableBytes() - 3), (header & 0x40) != 0);
    }
}

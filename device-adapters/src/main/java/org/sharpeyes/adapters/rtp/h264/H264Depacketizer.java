package org.sharpeyes.adapters.rtp.h264;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.sharpeyes.adapters.rtp.NalDepacketizer;

/** H.264 access units from RTP (RFC 6184): single NAL unit, STAP-A and FU-A packets. */
public final class H264Depacketizer extends NalDepacketizer {

    public H264Depacketizer(ByteBufAllocator allocator) {
        super(allocator);
    }

    @Override
    protected void read(ByteBuf payload) {
        int type = NalUnits.type(payload);
        if (type >= 1 && type <= 23) {
            nal(payload, payload.readerIndex(), payload.readableBytes());
        } else if (type == NalUnits.STAP_A) {
            readStapA(payload);
        } else if (type == NalUnits.FU_A) {
            readFuA(payload);
        } else {
            malformed();
        }
    }

    @Override
    protected boolean isKeyNal(ByteBuf nal) {
        return NalUnits.type(nal) == NalUnits.IDR;
    }

    private void readStapA(ByteBuf payload) {
        int i = payload.readerIndex() + 1;
        int end = payload.writerIndex();
        while (i + 2 <= end) {
            int size = payload.getUnsignedShort(i);
            i += 2;
            if (size == 0 || i + size > end) {
                malformed();
                return;
            }
            nal(payload, i, size);
            i += size;
        }
    }

    private void readFuA(ByteBuf payload) {
        if (payload.readableBytes() < 3) {
            malformed();
            return;
        }
        int indicator = payload.getUnsignedByte(payload.readerIndex());
        int header = payload.getUnsignedByte(payload.readerIndex() + 1);
        if ((header & 0x80) != 0) {
            startFragment(new byte[] {(byte) ((indicator & 0xE0) | (header & 0x1F))});
        }
        continueFragment(payload.slice(payload.readerIndex() + 2, payload.readableBytes() - 2), (header & 0x40) != 0);
    }
}

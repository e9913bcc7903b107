package org.sharpeyes.adapters.gb28181.ps;

import io.netty.buffer.ByteBuf;

/** The CRC-32 of MPEG-2 systems sections (polynomial 0x04C11DB7, not reflected, start 0xFFFFFFFF, no final XOR). */
final class Crc32Mpeg {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc32Mpeg() {
    }

    static int of(ByteBuf in, int from, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = from; i < from + length; i++) {
            crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ in.getUnsignedByte(i)) & 0xFF];
        }
        return crc;
    }
}

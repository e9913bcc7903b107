package org.sharpeyes.adapters.rtp.h265;

import io.netty.buffer.ByteBuf;

/** H.265 NAL unit types the hub acts on (ITU-T H.265 Table 7-1). */
public final class HevcNalUnits {

    public static final int VPS = 32;
    public static final int SPS = 33;
    public static final int PPS = 34;
    public static final int AUD = 35;

    private HevcNalUnits() {
    }

    /** The type in an H.265 NAL unit header (the 6 bits after the forbidden bit). */
    public static int type(ByteBuf nal) {
        return (nal.getUnsignedByte(nal.readerIndex()) >> 1) & 0x3F;
    }

    /** Intra random access points (BLA, IDR, CRA and the reserved IRAP types): where a decoder can start. */
    public static boolean isIrap(int type) {
        return type >= 16 && type <= 23;
    }
}

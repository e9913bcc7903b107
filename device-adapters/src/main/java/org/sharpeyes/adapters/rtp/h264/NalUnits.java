package org.sharpeyes.adapters.rtp.h264;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** H.264 NAL unit types and splitting of Annex B byte streams (start codes) into NAL units. */
public final class NalUnits {

    public static final int NON_IDR = 1;
    public static final int IDR = 5;
    public static final int SEI = 6;
    public static final int SPS = 7;
    public static final int PPS = 8;
    public static final int AUD = 9;
    public static final int STAP_A = 24;
    public static final int FU_A = 28;

    private NalUnits() {
    }

    /** The type in a NAL unit's header byte. */
    public static int type(ByteBuf nal) {
        return nal.getUnsignedByte(nal.readerIndex()) & 0x1F;
    }

    /**
     * Splits an Annex B stream ({@code 00 00 01} or {@code 00 00 00 01} before each NAL unit) into slices of
     * {@code stream}, without their start codes. Bytes before the first start code are ignored.
     */
    public static List<ByteBuf> splitAnnexB(ByteBuf stream) {
        List<ByteBuf> units = new ArrayList<>();
        int from = stream.readerIndex();
        int end = stream.writerIndex();
        int start = -1;
        int i = from;
        while (i + 2 < end) {
            if (stream.getByte(i) == 0 && stream.getByte(i + 1) == 0 && stream.getByte(i + 2) == 1) {
                if (start >= 0) {
                    int unitEnd = i;
                    while (unitEnd > start && stream.getByte(unitEnd - 1) == 0) {
                        unitEnd--;
                    }
                    if (unitEnd > start) {
                        units.add(stream.slice(start, unitEnd - start));
                    }
                }
                start = i + 3;
                i += 3;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < end) {
            units.add(stream.slice(start, end - start));
        }
        return units;
    }
}

package org.sharpeyes.adapters.rtp.h265;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * The HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 §8.3.3.1): what an MP4 {@code hvcC} box and an enhanced-FLV
 * {@code hvc1} sequence start carry, with one VPS, SPS and PPS and 4-byte NAL unit lengths.
 */
public final class HevcDecoderConfiguration {

    private HevcDecoderConfiguration() {
    }

    public static byte[] record(byte[] vps, byte[] sps, byte[] pps) {
        HevcSps info = HevcSps.parse(sps);
        ByteBuf out = Unpooled.buffer(32 + vps.length + sps.length + pps.length);
        out.writeByte(1).writeBytes(info.generalProfileTierLevel());
        out.writeShort(0xF000).writeByte(0xFC).writeByte(0xFC | info.chromaFormat())
                .writeByte(0xF8 | (info.bitDepthLuma() - 8)).writeByte(0xF8 | (info.bitDepthChroma() - 8));
        out.writeShort(0);
        out.writeByte((info.subLayers() << 3) | (info.temporalIdNested() ? 0x04 : 0) | 0x03);
        List<byte[]> sets = List.of(vps, sps, pps);
        int[] types = {HevcNalUnits.VPS, HevcNalUnits.SPS, HevcNalUnits.PPS};
        out.writeByte(sets.size());
        for (int i = 0; i < sets.size(); i++) {
            out.writeByte(0x80 | types[i]).writeShort(1).writeShort(sets.get(i).length).writeBytes(sets.get(i));
        }
        byte[] record = new byte[out.readableBytes()];
        out.readBytes(record);
        return record;
    }
}

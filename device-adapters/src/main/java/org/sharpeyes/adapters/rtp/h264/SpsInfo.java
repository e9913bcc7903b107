package org.sharpeyes.adapters.rtp.h264;

import org.sharpeyes.adapters.rtp.BitReader;

/**
 * The picture size an H.264 sequence parameter set declares (ITU-T H.264 §7.3.2.1.1), read with the frame cropping
 * applied, as containers (MP4, FLV metadata) want it.
 */
public record SpsInfo(int width, int height) {

    /** Reads {@code sps} (the NAL unit with its header byte, without start code). */
    public static SpsInfo parse(byte[] sps) {
        BitReader bits = new BitReader(BitReader.unescape(sps), 1);
        int profile = bits.read(8);
        bits.read(16);
        bits.ue();
        int chromaFormat = 1;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139
                || profile == 134 || profile == 135) {
            chromaFormat = bits.ue();
            if (chromaFormat == 3) {
                bits.read(1);
            }
            bits.ue();
            bits.ue();
            bits.read(1);
            if (bits.read(1) == 1) {
                for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
                    if (bits.read(1) == 1) {
                        skipScalingList(bits, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        bits.ue();
        int pocType = bits.ue();
        if (pocType == 0) {
            bits.ue();
        } else if (pocType == 1) {
            bits.read(1);
            bits.se();
            bits.se();
            int cycle = bits.ue();
            for (int i = 0; i < cycle; i++) {
                bits.se();
            }
        }
        bits.ue();
        bits.read(1);
        int widthInMbs = bits.ue() + 1;
        int heightInMapUnits = bits.ue() + 1;
        int frameMbsOnly = bits.read(1);
        if (frameMbsOnly == 0) {
            bits.read(1);
        }
        bits.read(1);
        int width = widthInMbs * 16;
        int height = (2 - frameMbsOnly) * heightInMapUnits * 16;
        if (bits.read(1) == 1) {
            int cropUnitX = chromaFormat == 0 || chromaFormat == 3 ? 1 : 2;
            int cropUnitY = (chromaFormat == 1 ? 2 : 1) * (2 - frameMbsOnly);
            if (chromaFormat == 0) {
                cropUnitY = 2 - frameMbsOnly;
            }
            int left = bits.ue();
            int right = bits.ue();
            int top = bits.ue();
            int bottom = bits.ue();
            width -= (left + right) * cropUnitX;
            height -= (top + bottom) * cropUnitY;
        }
        return new SpsInfo(width, height);
    }

    private static void skipScalingList(BitReader bits, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + bits.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }
}

package org.sharpeyes.adapters.rtp.h265;

import java.util.Arrays;
import org.sharpeyes.adapters.rtp.BitReader;

/**
 * What containers need from an H.265 sequence parameter set (ITU-T H.265 §7.3.2.2): the picture size with the
 * conformance window applied, chroma format, bit depths, sub-layers, and the 12 bytes of the general profile, tier
 * and level, which the HEVC decoder configuration record copies.
 */
public record HevcSps(int width, int height, int chromaFormat, int bitDepthLuma, int bitDepthChroma,
        int subLayers, boolean temporalIdNested, byte[] generalProfileTierLevel) {

    private static final int PTL_BYTES = 12;

    /** Reads {@code sps}, the NAL unit with its 2-byte header and without start code. */
    public static HevcSps parse(byte[] sps) {
        byte[] data = BitReader.unescape(sps);
        if (data.length < 3 + PTL_BYTES) {
            throw new IllegalArgumentException("an H.265 SPS has at least " + (3 + PTL_BYTES) + " bytes, got "
                    + data.length);
        }
        BitReader bits = new BitReader(data, 2);
        bits.read(4);
        int maxSubLayersMinus1 = bits.read(3);
        boolean nested = bits.read(1) == 1;
        byte[] ptl = Arrays.copyOfRange(data, 3, 3 + PTL_BYTES);
        bits.skip(PTL_BYTES * 8);
        boolean[] profilePresent = new boolean[maxSubLayersMinus1];
        boolean[] levelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = bits.read(1) == 1;
            levelPresent[i] = bits.read(1) == 1;
        }
        if (maxSubLayersMinus1 > 0) {
            bits.skip(2 * (8 - maxSubLayersMinus1));
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            bits.skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
        }
        bits.ue();
        int chromaFormat = bits.ue();
        boolean separatePlanes = chromaFormat == 3 && bits.read(1) == 1;
        int width = bits.ue();
        int height = bits.ue();
        if (bits.read(1) == 1) {
            int chromaArray = separatePlanes ? 0 : chromaFormat;
            int unitX = chromaArray == 1 || chromaArray == 2 ? 2 : 1;
            int unitY = chromaArray == 1 ? 2 : 1;
            int left = bits.ue();
            int right = bits.ue();
            int top = bits.ue();
            int bottom = bits.ue();
            width -= (left + right) * unitX;
            height -= (top + bottom) * unitY;
        }
        int lumaDepth = bits.ue() + 8;
        int chromaDepth = bits.ue() + 8;
        if (width <= 0 || height <= 0 || chromaFormat > 3) {
            throw new IllegalArgumentException("the H.265 SPS declares an impossible picture (" + width + "x" + height
                    + ", chroma format " + chromaFormat + ")");
        }
        return new HevcSps(width, height, chromaFormat, lumaDepth, chromaDepth, maxSubLayersMinus1 + 1, nested, ptl);
    }

    /** general_profile_idc, e.g. 1 for Main, 2 for Main 10. */
    public int profile() {
        return generalProfileTierLevel[0] & 0x1F;
    }

    /** general_level_idc, 30 times the level number. */
    public int level() {
        return generalProfileTierLevel[11] & 0xFF;
    }
}

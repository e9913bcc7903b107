package org.sharpeyes.adapters.rtp;

import java.util.Arrays;

/**
 * An MSB-first bit reader with Exp-Golomb codes over a NAL unit's payload (emulation prevention removed); reading
 * past the end yields zeros, so a truncated parameter set gives a wrong size rather than an exception.
 */
public final class BitReader {

    private final byte[] data;
    private int position;

    public BitReader(byte[] data, int startByte) {
        this.data = data;
        this.position = startByte * 8;
    }

    public int read(int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            int index = position >> 3;
            int bit = index < data.length ? (data[index] >> (7 - (position & 7))) & 1 : 0;
            value = (value << 1) | bit;
            position++;
        }
        return value;
    }

    public void skip(int count) {
        position += count;
    }

    public int ue() {
        int zeros = 0;
        while (read(1) == 0 && zeros < 32) {
            zeros++;
        }
        return zeros == 0 ? 0 : (1 << zeros) - 1 + read(zeros);
    }

    public int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    /** Removes emulation-prevention bytes (00 00 03 → 00 00) from a NAL unit. */
    public static byte[] unescape(byte[] nal) {
        byte[] out = new byte[nal.length];
        int n = 0;
        int zeros = 0;
        for (byte b : nal) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out[n++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return Arrays.copyOf(out, n);
    }
}

package org.sharpeyes.adapters.rtp.h264;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class SpsInfoTest {

    /** Writes SPS fields MSB first with Exp-Golomb codes, as an encoder does. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int count;

        BitWriter bits(int value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                current = (current << 1) | ((value >> i) & 1);
                if (++count == 8) {
                    out.write(current);
                    current = 0;
                    count = 0;
                }
            }
            return this;
        }

        BitWriter ue(int value) {
            int coded = value + 1;
            int length = 32 - Integer.numberOfLeadingZeros(coded);
            return bits(0, length - 1).bits(coded, length);
        }

        byte[] done() {
            bits(1, 1);
            while (count != 0) {
                bits(0, 1);
            }
            return out.toByteArray();
        }
    }

    private static byte[] sps(int profile, int widthMbs, int heightMbs, int cropBottom) {
        return sps(profile, 30, 0, widthMbs, heightMbs, cropBottom);
    }

    private static byte[] sps(int profile, int level, int id, int widthMbs, int heightMbs, int cropBottom) {
        BitWriter w = new BitWriter().bits(0x67, 8).bits(profile, 8).bits(0, 8).bits(level, 8).ue(id);
        if (profile == 100) {
            w.ue(1).ue(0).ue(0).bits(0, 1).bits(0, 1);
        }
        w.ue(0).ue(0).ue(0).ue(1).bits(0, 1).ue(widthMbs - 1).ue(heightMbs - 1).bits(1, 1).bits(1, 1);
        if (cropBottom > 0) {
            w.bits(1, 1).ue(0).ue(0).ue(0).ue(cropBottom);
        } else {
            w.bits(0, 1);
        }
        return w.bits(0, 1).done();
    }

    @Test
    void readsTheSizeOfABaselineSps() {
        assertThat(SpsInfo.parse(sps(66, 20, 15, 0))).isEqualTo(new SpsInfo(320, 240));
    }

    @Test
    void appliesFrameCroppingAsA1080pCameraDeclaresIt() {
        assertThat(SpsInfo.parse(sps(100, 120, 68, 4))).isEqualTo(new SpsInfo(1920, 1080));
    }

    @Test
    void readsPastEmulationPreventionBytes() {
        // Level 0 and id 63 put 00 00 02 into the bits, which an encoder must escape as 00 00 03 02.
        byte[] plain = sps(66, 0, 63, 80, 45, 0);
        assertThat(plain[2]).isZero();
        assertThat(plain[3]).isZero();
        assertThat(plain[4]).isEqualTo((byte) 2);
        byte[] escaped = new byte[plain.length + 1];
        System.arraycopy(plain, 0, escaped, 0, 4);
        escaped[4] = 3;
        System.arraycopy(plain, 4, escaped, 5, plain.length - 4);
        assertThat(SpsInfo.parse(escaped)).isEqualTo(new SpsInfo(1280, 720));
    }
}

package org.sharpeyes.adapters.rtp.h265;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HevcSpsTest {

    /** Parameter sets x265 wrote for a 640x360 Main-profile picture (coded as 640x368 with a conformance window). */
    static final byte[] VPS = HexFormat.of().parseHex("40010c01ffff01600000030090000003000003003fba0240");
    static final byte[] SPS = HexFormat.of().parseHex(
            "42010101600000030090000003000003003fa005020171f2e5ba4a4c2e6808000003000800000300c840");
    static final byte[] PPS = HexFormat.of().parseHex("4401c0718312");

    @Test
    void readsThePictureSizeWithTheConformanceWindowApplied() {
        HevcSps sps = HevcSps.parse(SPS);
        assertThat(sps.width()).isEqualTo(640);
        assertThat(sps.height()).isEqualTo(360);
        assertThat(sps.chromaFormat()).isEqualTo(1);
        assertThat(sps.bitDepthLuma()).isEqualTo(8);
        assertThat(sps.bitDepthChroma()).isEqualTo(8);
    }

    @Test
    void readsTheGeneralProfileTierAndLevelAcrossEmulationPrevention() {
        HevcSps sps = HevcSps.parse(SPS);
        assertThat(sps.profile()).as("Main").isEqualTo(1);
        assertThat(sps.level()).as("level 2.1").isEqualTo(63);
        assertThat(HexFormat.of().formatHex(sps.generalProfileTierLevel())).isEqualTo("01600000009000000000003f");
        assertThat(sps.subLayers()).isEqualTo(1);
        assertThat(sps.temporalIdNested()).isTrue();
    }

    @Test
    void refusesATruncatedSps() {
        assertThatThrownBy(() -> HevcSps.parse(new byte[] {0x42, 1, 1, 1})).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("at least");
    }

    @Test
    void buildsTheDecoderConfigurationRecordWithOneArrayPerParameterSet() {
        byte[] record = HevcDecoderConfiguration.record(VPS, SPS, PPS);
        String hex = HexFormat.of().formatHex(record);
        assertThat(hex).startsWith("01" + "01600000009000000000003f" + "f000" + "fc" + "fd" + "f8" + "f8" + "0000"
                + "0f" + "03");
        int arrays = 23;
        assertThat(record[arrays - 1]).isEqualTo((byte) 3);
        assertThat(hex.substring(arrays * 2, arrays * 2 + 10)).isEqualTo("a000010018");
        assertThat(record).hasSize(23 + 3 * 5 + VPS.length + SPS.length + PPS.length);
        assertThat(hex).endsWith("a2" + "0001" + "0006" + HexFormat.of().formatHex(PPS));
    }
}

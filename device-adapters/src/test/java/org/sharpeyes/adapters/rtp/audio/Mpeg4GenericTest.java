package org.sharpeyes.adapters.rtp.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Mpeg4GenericTest {

    @Test
    void splitsAPayloadIntoItsAccessUnits() {
        ByteBuf payload = Unpooled.wrappedBuffer(HexFormat.of().parseHex("0020" + "0010" + "0018" + "aabb" + "ccddee"));
        List<ByteBuf> units = Mpeg4Generic.accessUnits(payload, 13, 3);
        assertThat(units).extracting(ByteBufUtil::hexDump).containsExactly("aabb", "ccddee");
    }

    @Test
    void roundTripsTheSimulatorsSingleUnitPayload() {
        ByteBuf unit = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5});
        ByteBuf payload = Mpeg4Generic.payload(ByteBufAllocator.DEFAULT, unit);
        assertThat(Mpeg4Generic.accessUnits(payload, 13, 3)).extracting(ByteBufUtil::hexDump)
                .containsExactly("0102030405");
    }

    @Test
    void refusesHeadersThatDoNotFitThePacket() {
        assertThatThrownBy(() -> Mpeg4Generic.accessUnits(Unpooled.wrappedBuffer(new byte[] {0x00}), 13, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mpeg4Generic.accessUnits(Unpooled.wrappedBuffer(HexFormat.of().parseHex("0011aabb")),
                13, 3)).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> Mpeg4Generic.accessUnits(Unpooled.wrappedBuffer(HexFormat.of().parseHex(
                "00100050aabb")), 13, 3)).hasMessageContaining("runs past");
    }

    @Test
    void readsTheConfigAndItsSampleRate() {
        byte[] config = Mpeg4Generic.config(Map.of("config", "1408"));
        assertThat(config).containsExactly(0x14, 0x08);
        assertThat(Mpeg4Generic.sampleRate(config)).isEqualTo(16000);
        assertThat(Mpeg4Generic.sampleRate(HexFormat.of().parseHex("1210"))).isEqualTo(44100);
        assertThat(Mpeg4Generic.config(Map.of("config", "zz"))).isNull();
        assertThat(Mpeg4Generic.config(Map.of())).isNull();
    }
}

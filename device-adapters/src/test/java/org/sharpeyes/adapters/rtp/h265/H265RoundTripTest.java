package org.sharpeyes.adapters.rtp.h265;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.rtp.NalDepacketizer;
import org.sharpeyes.adapters.rtp.RtpPacket;

class H265RoundTripTest {

    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    /** An H.265 NAL unit of {@code type} (layer 0, temporal id 1) and {@code size} bytes. */
    private static ByteBuf nal(int type, int size, int seed) {
        ByteBuf nal = Unpooled.buffer(size).writeByte(type << 1).writeByte(1);
        Random random = new Random(seed);
        for (int i = 2; i < size; i++) {
            nal.writeByte(random.nextInt(256));
        }
        return nal;
    }

    private static List<NalDepacketizer.AccessUnitNals> feed(NalDepacketizer depacketizer, List<ByteBuf> packets) {
        List<NalDepacketizer.AccessUnitNals> out = new ArrayList<>();
        for (ByteBuf packet : packets) {
            out.addAll(depacketizer.push(RtpPacket.parse(packet)));
        }
        return out;
    }

    @Test
    void reassemblesParameterSetsAndAFragmentedIdrExactly() {
        List<ByteBuf> frame = List.of(nal(32, 24, 1), nal(33, 40, 2), nal(34, 8, 3), nal(19, 6_000, 4));
        H265Packetizer packetizer = new H265Packetizer(ALLOC, 97, 7, 65_534, 1_200);
        List<NalDepacketizer.AccessUnitNals> out = feed(new H265Depacketizer(ALLOC),
                packetizer.packetize(frame, 90_000));
        assertThat(out).hasSize(1);
        NalDepacketizer.AccessUnitNals unit = out.get(0);
        assertThat(unit.isKeyFrame()).isTrue();
        assertThat(unit.damaged()).isFalse();
        for (int i = 0; i < frame.size(); i++) {
            assertThat(ByteBufUtil.equals(unit.nals().get(i), frame.get(i))).as("NAL %d", i).isTrue();
        }
        assertThat(HevcNalUnits.type(unit.nals().get(3))).isEqualTo(19);
    }

    @Test
    void readsAggregationPackets() {
        ByteBuf packet = Unpooled.buffer();
        RtpPacket.writeHeader(packet, true, 97, 1, 3_000, 1);
        packet.writeByte(H265Depacketizer.AP << 1).writeByte(1);
        for (ByteBuf nal : List.of(nal(32, 10, 1), nal(33, 20, 2), nal(34, 5, 3))) {
            packet.writeShort(nal.readableBytes()).writeBytes(nal);
        }
        List<NalDepacketizer.AccessUnitNals> out = feed(new H265Depacketizer(ALLOC), List.of(packet));
        assertThat(out).singleElement().satisfies(unit -> {
            assertThat(unit.nals()).extracting(HevcNalUnits::type).containsExactly(32, 33, 34);
            assertThat(unit.isKeyFrame()).isFalse();
        });
    }

    @Test
    void dropsAFragmentedNalThatLostAPieceAndCountsTheLoss() {
        H265Packetizer packetizer = new H265Packetizer(ALLOC, 97, 7, 0, 1_000);
        List<ByteBuf> packets = new ArrayList<>(packetizer.packetize(List.of(nal(1, 3_500, 5)), 0));
        packets.remove(2);
        packets.addAll(packetizer.packetize(List.of(nal(1, 300, 6)), 3_600));
        H265Depacketizer depacketizer = new H265Depacketizer(ALLOC);
        List<NalDepacketizer.AccessUnitNals> out = feed(depacketizer, packets);
        assertThat(out).singleElement().satisfies(unit -> {
            assertThat(unit.timestamp()).isEqualTo(3_600);
            assertThat(unit.nals().get(0).readableBytes()).isEqualTo(300);
        });
        assertThat(depacketizer.lostPackets()).isEqualTo(1);
    }

    @Test
    void refusesTruncatedPayloadsWithoutThrowing() {
        ByteBuf packet = Unpooled.buffer();
        RtpPacket.writeHeader(packet, true, 97, 1, 0, 1);
        packet.writeByte(H265Depacketizer.FU << 1);
        H265Depacketizer depacketizer = new H265Depacketizer(ALLOC);
        assertThat(feed(depacketizer, List.of(packet))).isEmpty();
        assertThat(depacketizer.malformedPackets()).isEqualTo(1);
    }
}

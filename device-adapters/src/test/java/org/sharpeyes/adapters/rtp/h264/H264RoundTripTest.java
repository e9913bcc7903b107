package org.sharpeyes.adapters.rtp.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.rtp.NalDepacketizer;
import org.sharpeyes.adapters.rtp.RtpPacket;

class H264RoundTripTest {

    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    private static ByteBuf nal(int type, int size, int seed) {
        ByteBuf nal = Unpooled.buffer(size).writeByte(0x60 | type);
        Random random = new Random(seed);
        for (int i = 1; i < size; i++) {
            nal.writeByte(random.nextInt(256));
        }
        return nal;
    }

    private static List<ByteBuf> keyFrame(int seed) {
        return List.of(nal(NalUnits.SPS, 12, seed), nal(NalUnits.PPS, 4, seed + 1), nal(NalUnits.IDR, 5_000, seed + 2));
    }

    @Test
    void reassemblesSingleAndFragmentedNalUnitsExactly() {
        H264Packetizer packetizer = new H264Packetizer(ALLOC, 96, 0x1234, 65_530, 1_200);
        H264Depacketizer depacketizer = new H264Depacketizer(ALLOC);
        List<ByteBuf> frame = keyFrame(1);
        List<ByteBuf> packets = packetizer.packetize(frame, 90_000);
        assertThat(packets).hasSize(2 + 5);
        List<NalDepacketizer.AccessUnitNals> out = new ArrayList<>();
        for (ByteBuf packet : packets) {
            out.addAll(depacketizer.push(RtpPacket.parse(packet)));
            packet.release();
        }
        assertThat(out).hasSize(1);
        NalDepacketizer.AccessUnitNals unit = out.get(0);
        assertThat(unit.isKeyFrame()).isTrue();
        assertThat(unit.damaged()).isFalse();
        assertThat(unit.timestamp()).isEqualTo(90_000);
        for (int i = 0; i < frame.size(); i++) {
            assertThat(ByteBufUtil.equals(unit.nals().get(i), frame.get(i))).as("NAL %d", i).isTrue();
        }
        assertThat(depacketizer.lostPackets()).isZero();
        unit.nals().forEach(ByteBuf::release);
    }

    @Test
    void readsStapAPackets() {
        ByteBuf payload = Unpooled.buffer().writeByte(0x78);
        for (ByteBuf nal : List.of(nal(NalUnits.SPS, 10, 1), nal(NalUnits.PPS, 4, 2))) {
            payload.writeShort(nal.readableBytes()).writeBytes(nal);
        }
        ByteBuf packet = Unpooled.buffer();
        RtpPacket.writeHeader(packet, false, 96, 1, 3000, 1);
        packet.writeBytes(payload);
        H264Depacketizer depacketizer = new H264Depacketizer(ALLOC);
        assertThat(depacketizer.push(RtpPacket.parse(packet))).isEmpty();
        ByteBuf idr = Unpooled.buffer();
        RtpPacket.writeHeader(idr, true, 96, 2, 3000, 1);
        idr.writeBytes(nal(NalUnits.IDR, 50, 3));
        List<NalDepacketizer.AccessUnitNals> out = depacketizer.push(RtpPacket.parse(idr));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).nals()).extracting(NalUnits::type).containsExactly(7, 8, 5);
    }

    @Test
    void marksAnAccessUnitThatLostAFragmentAndCountsTheLoss() {
        H264Packetizer packetizer = new H264Packetizer(ALLOC, 96, 1, 0, 1_000);
        H264Depacketizer depacketizer = new H264Depacketizer(ALLOC);
        List<ByteBuf> first = packetizer.packetize(keyFrame(5), 0);
        List<ByteBuf> second = packetizer.packetize(List.of(nal(NalUnits.NON_IDR, 300, 9)), 3_600);
        List<NalDepacketizer.AccessUnitNals> out = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            if (i != 4) {
                out.addAll(depacketizer.push(RtpPacket.parse(first.get(i))));
            }
        }
        for (ByteBuf packet : second) {
            out.addAll(depacketizer.push(RtpPacket.parse(packet)));
        }
        assertThat(out).hasSize(2);
        assertThat(out.get(0).damaged()).isTrue();
        assertThat(out.get(0).nals()).extracting(NalUnits::type).containsExactly(7, 8);
        assertThat(out.get(1).damaged()).isFalse();
        assertThat(depacketizer.lostPackets()).isEqualTo(1);
    }

    @Test
    void closesAnAccessUnitWhenTheTimestampChangesWithoutAMarker() {
        H264Depacketizer depacketizer = new H264Depacketizer(ALLOC);
        ByteBuf a = Unpooled.buffer();
        RtpPacket.writeHeader(a, false, 96, 10, 100, 1);
        a.writeBytes(nal(NalUnits.NON_IDR, 20, 1));
        ByteBuf b = Unpooled.buffer();
        RtpPacket.writeHeader(b, false, 96, 11, 200, 1);
        b.writeBytes(nal(NalUnits.NON_IDR, 20, 2));
        assertThat(depacketizer.push(RtpPacket.parse(a))).isEmpty();
        assertThat(depacketizer.push(RtpPacket.parse(b))).singleElement()
                .satisfies(unit -> assertThat(unit.timestamp()).isEqualTo(100));
    }

    @Test
    void survivesShuffledAndMutatedPacketsWithoutThrowing() {
        Random random = new Random(11);
        H264Packetizer packetizer = new H264Packetizer(ALLOC, 96, 1, 0, 500);
        for (int round = 0; round < 200; round++) {
            H264Depacketizer depacketizer = new H264Depacketizer(ALLOC);
            List<ByteBuf> packets = new ArrayList<>(packetizer.packetize(keyFrame(round), round * 3_600L));
            Collections.shuffle(packets, random);
            for (ByteBuf packet : packets) {
                for (int flips = random.nextInt(3); flips > 0; flips--) {
                    int at = RtpPacket.HEADER_BYTES + random.nextInt(packet.readableBytes() - RtpPacket.HEADER_BYTES);
                    packet.setByte(at, random.nextInt(256));
                }
                depacketizer.push(RtpPacket.parse(packet)).forEach(u -> u.nals().forEach(ByteBuf::release));
                packet.release();
            }
            depacketizer.close();
        }
    }

    @Test
    void refusesMalformedRtpNamingTheProblem() {
        assertThatThrownBy(() -> RtpPacket.parse(Unpooled.wrappedBuffer(new byte[5]))).hasMessageContaining("shorter");
        byte[] v1 = new byte[20];
        v1[0] = 0x40;
        assertThatThrownBy(() -> RtpPacket.parse(Unpooled.wrappedBuffer(v1))).hasMessageContaining("version 1");
        byte[] padded = new byte[13];
        padded[0] = (byte) 0xA0;
        padded[12] = (byte) 200;
        assertThatThrownBy(() -> RtpPacket.parse(Unpooled.wrappedBuffer(padded))).hasMessageContaining("exceed");
    }

    @Test
    void splitsAnnexBStreams() {
        ByteBuf stream = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65,
            4, 5, 6});
        assertThat(NalUnits.splitAnnexB(stream)).extracting(NalUnits::type).containsExactly(7, 8, 5);
        assertThat(NalUnits.splitAnnexB(stream).get(0).readableBytes()).isEqualTo(3);
    }
}

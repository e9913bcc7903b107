package org.sharpeyes.adapters.gb28181.ps;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.rtp.RtpPacket;
import org.sharpeyes.adapters.rtp.VideoCodec;

class PsRtpTest {

    @Test
    void framesCrossRtpWithOneTimestampAndTheMarkerOnTheLastPacket() {
        PsFixtures.Found found = new PsFixtures.Found();
        PsRtpDepacketizer receiver = new PsRtpDepacketizer(new PsDemuxer(ByteBufAllocator.DEFAULT, found));
        List<ByteBuf> packets = packets(new PsRtpPacketizer(96, 0x12345678L, 65_530), 3);

        List<RtpPacket> parsed = new ArrayList<>();
        for (ByteBuf packet : packets) {
            RtpPacket rtp = RtpPacket.parse(packet);
            parsed.add(rtp);
            receiver.push(rtp);
            // At the marker the picture is out at once, not when the next one begins.
            if (rtp.marker()) {
                assertThat(found.pictures).hasSize((int) parsed.stream().filter(RtpPacket::marker).count());
            }
        }
        assertThat(parsed).allSatisfy(rtp -> {
            assertThat(rtp.payloadType()).isEqualTo(96);
            assertThat(rtp.ssrc()).isEqualTo(0x12345678L);
            assertThat(rtp.payload().readableBytes()).isLessThanOrEqualTo(PsRtpPacketizer.MAX_PAYLOAD);
        });
        assertThat(parsed.stream().filter(rtp -> rtp.timestamp() == 0).count()).as("first frame's packets")
                .isGreaterThan(1);
        assertThat(parsed.stream().filter(rtp -> rtp.timestamp() == 0).filter(RtpPacket::marker).count()).isEqualTo(1);
        assertThat(found.pictures).extracting(PsVideoFrame::pts).containsExactly(0L, 3600L, 7200L);
        assertThat(found.pictures).noneMatch(PsVideoFrame::damaged);
        assertThat(receiver.lostPackets()).isZero();
        packets.forEach(ByteBuf::release);
    }

    @Test
    void aLostPacketIsToldOnThePictureAfterItAndALatePacketIsLeftOut() {
        PsFixtures.Found found = new PsFixtures.Found();
        PsRtpDepacketizer receiver = new PsRtpDepacketizer(new PsDemuxer(ByteBufAllocator.DEFAULT, found));
        List<ByteBuf> packets = packets(new PsRtpPacketizer(96, 1, 0), 3);
        RtpPacket dropped = RtpPacket.parse(packets.get(1));
        for (int i = 0; i < packets.size(); i++) {
            if (i != 1) {
                receiver.push(RtpPacket.parse(packets.get(i)));
            }
            if (i == 3) {
                receiver.push(dropped);
            }
        }
        // The key frame's first PES never completed, so it is gone; the picture after it says so.
        assertThat(receiver.lostPackets()).isEqualTo(1);
        assertThat(found.pictures).extracting(PsVideoFrame::damaged).containsExactly(true, false);
        assertThat(found.pictures).extracting(PsVideoFrame::pts).containsExactly(3600L, 7200L);
        packets.forEach(ByteBuf::release);
    }

    private static List<ByteBuf> packets(PsRtpPacketizer packetizer, int pictures) {
        PsMuxer muxer = new PsMuxer(VideoCodec.H264, null);
        List<ByteBuf> packets = new ArrayList<>();
        for (int i = 0; i < pictures; i++) {
            List<ByteBuf> nals = i == 0 ? PsFixtures.bufs(PsFixtures.H264_SPS, PsFixtures.H264_PPS,
                    PsFixtures.h264Slice(true, 5000, i)) : PsFixtures.bufs(PsFixtures.h264Slice(false, 2000, i));
            ByteBuf ps = muxer.picture(ByteBufAllocator.DEFAULT, nals, 3600L * i, i == 0);
            packets.addAll(packetizer.packetize(ByteBufAllocator.DEFAULT, ps, 3600L * i));
            ps.release();
        }
        return packets;
    }
}

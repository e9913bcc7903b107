package org.sharpeyes.hub.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.rtp.VideoCodec;

class AccessUnitTest {

    @Test
    void makesEachSharedFormOnceAndReleasesItWithThePicture() {
        AccessUnit unit = new AccessUnit(VideoCodec.H264, List.of(Unpooled.wrappedBuffer(new byte[] {0x65, 1, 2})),
                9_000, true, PooledByteBufAllocator.DEFAULT);
        AtomicInteger made = new AtomicInteger();
        Object key = new Object();
        ByteBuf first = unit.shared(key, picture -> {
            made.incrementAndGet();
            return PooledByteBufAllocator.DEFAULT.buffer().writeLong(picture.timestamp());
        });
        ByteBuf again = unit.shared(key, picture -> {
            made.incrementAndGet();
            return Unpooled.EMPTY_BUFFER;
        });
        assertThat(again).isSameAs(first);
        assertThat(made).hasValue(1);
        assertThat(first.getLong(0)).isEqualTo(9_000);

        unit.release();
        assertThat(first.refCnt()).isZero();
    }

    @Test
    void keepsEachRtpPacketOnceInsideItsInterleavedFraming() {
        ByteBuf nal = PooledByteBufAllocator.DEFAULT.directBuffer(5_000).writeByte(0x65).writeZero(4_999);
        AccessUnit unit = new AccessUnit(VideoCodec.H264, List.of(nal), 9_000, true, PooledByteBufAllocator.DEFAULT);
        unit.packetize(VideoCodec.H264.packetizer(PooledByteBufAllocator.DEFAULT, 96, 1, 0, 1_400));
        ByteBuf framed = unit.interleavedChannel0();
        List<ByteBuf> packets = unit.rtpPackets();
        assertThat(packets).hasSize(4);
        int at = 0;
        for (ByteBuf packet : packets) {
            assertThat(framed.getByte(at)).isEqualTo((byte) '$');
            assertThat(framed.getUnsignedShort(at + 2)).isEqualTo(packet.readableBytes());
            assertThat(packet.unwrap()).isSameAs(framed);
            assertThat(packet).isEqualTo(framed.slice(at + 4, packet.readableBytes()));
            at += 4 + packet.readableBytes();
        }
        assertThat(at).isEqualTo(framed.readableBytes());

        ByteBuf kept = packets.get(0).retainedDuplicate();
        unit.release();
        assertThat(framed.refCnt()).isOne();
        kept.release();
        assertThat(framed.refCnt()).isZero();
        assertThat(nal.refCnt()).isZero();
    }

    @Test
    void whenTwoMakeTheSameFormAtOnceTheFirstStoredIsKeptAndTheOtherReleased() {
        AccessUnit unit = new AccessUnit(VideoCodec.H264, List.of(Unpooled.wrappedBuffer(new byte[] {0x41, 1})),
                0, false, PooledByteBufAllocator.DEFAULT);
        Object key = new Object();
        ByteBuf[] theirs = new ByteBuf[1];
        ByteBuf[] mine = new ByteBuf[1];
        // Another viewer's loop stores its copy while this one is still making its own.
        ByteBuf kept = unit.shared(key, picture -> {
            theirs[0] = picture.shared(key, again -> PooledByteBufAllocator.DEFAULT.buffer().writeByte(1));
            mine[0] = PooledByteBufAllocator.DEFAULT.buffer().writeByte(2);
            return mine[0];
        });
        assertThat(kept).isSameAs(theirs[0]);
        assertThat(mine[0].refCnt()).isZero();
        assertThat(unit.shared(key, picture -> Unpooled.EMPTY_BUFFER)).isSameAs(theirs[0]);
        unit.release();
        assertThat(theirs[0].refCnt()).isZero();
    }
}

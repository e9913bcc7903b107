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
}

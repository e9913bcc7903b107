package org.sharpeyes.hub.media.server.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.adapters.rtsp.InterleavedFrame;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.QueuedReader;

class RtspStreamReaderTest {

    private final Counter dropped = new SimpleMeterRegistry().counter("dropped");

    @Test
    void disconnectsAViewerThatTakesNothingForTooLong() {
        EmbeddedChannel channel = new EmbeddedChannel();
        long[] now = {0};
        RtspStreamReader reader = new RtspStreamReader(channel, 1, -1, dropped, () -> now[0]);
        List<AccessUnit> units = new ArrayList<>();
        units.add(unit(true, 1));
        for (int i = 0; i < RtspStreamReader.MAX_PENDING + 5; i++) {
            units.add(unit(false, 1));
        }
        units.forEach(reader::offer);
        assertThat(channel.isActive()).isTrue();
        now[0] += QueuedReader.MAX_BEHIND_NANOS - 1;
        AccessUnit late = unit(false, 1);
        reader.offer(late);
        assertThat(channel.isActive()).isTrue();
        now[0] += 1;
        AccessUnit later = unit(true, 1);
        reader.offer(later);
        assertThat(channel.isActive()).isFalse();
        channel.finishAndReleaseAll();
        units.forEach(AccessUnit::release);
        late.release();
        later.release();
    }

    private static AccessUnit unit(boolean key, int packets) {
        List<ByteBuf> rtp = new ArrayList<>();
        for (int i = 0; i < packets; i++) {
            rtp.add(Unpooled.buffer(20).writeZero(20));
        }
        return new AccessUnit(VideoCodec.H264, List.of(Unpooled.buffer(4).writeInt(key ? 0x65 : 0x41)), rtp, Unpooled.buffer(8).writeLong(1), Unpooled.buffer(8), 0, key);
    }

    @Test
    void startsOnAKeyFrameAndSharesThePacketsWithoutCopying() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RtspStreamReader reader = new RtspStreamReader(channel, 2, -1, dropped);
        AccessUnit before = unit(false, 1);
        reader.offer(before);
        AccessUnit key = unit(true, 2);
        reader.offer(key);
        channel.runPendingTasks();
        InterleavedFrame first = channel.readOutbound();
        assertThat(first.channel()).isEqualTo(2);
        assertThat(first.content().unwrap()).isSameAs(key.rtpPackets().get(0));
        first.release();
        ((InterleavedFrame) channel.readOutbound()).release();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(dropped.count()).isEqualTo(1);
        before.release();
        key.release();
        assertThat(key.refCnt()).isZero();
        assertThat(key.rtpPackets().get(0).refCnt()).isZero();
    }

    @Test
    void writesAWholePictureAtOnceOnChannelZero() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RtspStreamReader reader = new RtspStreamReader(channel, 0, -1, dropped);
        AccessUnit key = unit(true, 3);
        reader.offer(key);
        channel.runPendingTasks();
        ByteBuf written = channel.readOutbound();
        assertThat(written.unwrap()).isSameAs(key.interleavedChannel0());
        assertThat((Object) channel.readOutbound()).isNull();
        written.release();
        key.release();
        assertThat(key.interleavedChannel0().refCnt()).isZero();
    }

    @Test
    void aViewerThatFallsBehindLosesPicturesUpToTheNextKeyFrame() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RtspStreamReader reader = new RtspStreamReader(channel, 1, -1, dropped);
        List<AccessUnit> units = new ArrayList<>();
        units.add(unit(true, 1));
        for (int i = 0; i < RtspStreamReader.MAX_PENDING + 10; i++) {
            units.add(unit(false, 1));
        }
        units.forEach(reader::offer);
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).hasSize(RtspStreamReader.MAX_PENDING);
        assertThat(dropped.count()).isEqualTo(11);
        AccessUnit stillBehind = unit(false, 1);
        reader.offer(stillBehind);
        AccessUnit nextKey = unit(true, 1);
        reader.offer(nextKey);
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).hasSize(RtspStreamReader.MAX_PENDING + 1);
        assertThat(dropped.count()).isEqualTo(12);
        channel.finishAndReleaseAll();
        units.forEach(AccessUnit::release);
        stillBehind.release();
        nextKey.release();
        assertThat(units).allSatisfy(u -> assertThat(u.refCnt()).isZero());
    }
}

package org.sharpeyes.hub.media.server.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.rtp.NalPacketizer;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.adapters.rtsp.InterleavedFrame;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.QueuedReader;
import org.sharpeyes.hub.media.stream.ReaderPolicy;

/** An RTSP viewer's queue: late joiners, back-pressure from its socket, and viewers that fall behind (issue #18). */
class RtspStreamReaderTest {

    private static final long MAX_BEHIND = TimeUnit.SECONDS.toNanos(15);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final long[] now = {0};
    private final ReaderPolicy policy = new ReaderPolicy(metrics.counter("dropped"), metrics.counter("disconnected"),
            MAX_BEHIND, () -> now[0]);
    private final NalPacketizer packetizer = VideoCodec.H264.packetizer(UnpooledByteBufAllocator.DEFAULT, 96, 1, 0,
            1_400);
    private final List<AccessUnit> made = new ArrayList<>();

    /** A picture of {@code bytes} NAL bytes (1,400 per RTP packet), packetized in the order made. */
    private AccessUnit unit(boolean key, int bytes) {
        ByteBuf nal = Unpooled.buffer(bytes).writeByte(key ? 0x65 : 0x41).writeZero(bytes - 1);
        AccessUnit unit = new AccessUnit(VideoCodec.H264, List.of(nal), made.size() * 3_600L, key,
                UnpooledByteBufAllocator.DEFAULT);
        unit.packetize(packetizer);
        made.add(unit);
        return unit;
    }

    private List<AccessUnit> group(int pictures) {
        List<AccessUnit> group = new ArrayList<>();
        group.add(unit(true, 100));
        for (int i = 1; i < pictures; i++) {
            group.add(unit(false, 100));
        }
        return group;
    }

    private void releaseAll(EmbeddedChannel channel) {
        channel.finishAndReleaseAll();
        made.forEach(AccessUnit::release);
        assertThat(made).allSatisfy(u -> assertThat(u.refCnt()).isZero());
    }

    private static List<Integer> sequenceNumbers(EmbeddedChannel channel) {
        List<Integer> numbers = new ArrayList<>();
        for (Object out; (out = channel.readOutbound()) != null;) {
            InterleavedFrame frame = (InterleavedFrame) out;
            numbers.add(frame.content().getUnsignedShort(frame.content().readerIndex() + 2));
            frame.release();
        }
        return numbers;
    }

    @Test
    void disconnectsAViewerThatTakesNothingForTooLong() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RtspStreamReader reader = new RtspStreamReader(channel, 1, -1, policy);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        reader.offer(unit(true, 100));
        for (int i = 0; i < RtspStreamReader.MAX_PENDING + 5; i++) {
            reader.offer(unit(false, 100));
        }
        assertThat(channel.isActive()).isTrue();
        now[0] += MAX_BEHIND - 1;
        reader.offer(unit(false, 100));
        assertThat(channel.isActive()).isTrue();
        now[0] += 1;
        reader.offer(unit(true, 100));
        assertThat(channel.isActive()).isFalse();
        assertThat(metrics.counter("disconnected").count()).isEqualTo(1);
        reader.detached();
        channel.runPendingTasks();
        releaseAll(channel);
    }

    @Test
    void startsOnAKeyFrameAndSharesThePacketsWithoutCopying() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RtspStreamReader reader = new RtspStreamReader(channel, 2, -1, policy);
        reader.offer(unit(false, 100));
        AccessUnit key = unit(true, 2_000);
        reader.offer(key);
        channel.runPendingTasks();
        InterleavedFrame first = channel.readOutbound();
        assertThat(first.channel()).isEqualTo(2);
        assertThat(first.content().unwrap()).isSameAs(key.interleavedChannel0());
        assertThat(first.content()).isEqualTo(key.rtpPackets().get(0));
        first.release();
        ((InterleavedFrame) channel.readOutbound()).release();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(metrics.counter("dropped").count()).isEqualTo(1);
        releaseAll(channel);
        assertThat(key.rtpPackets().get(0).refCnt()).isZero();
    }

    @Test
    void writesAWholePictureAtOnceOnChannelZero() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RtspStreamReader reader = new RtspStreamReader(channel, 0, -1, policy);
        AccessUnit key = unit(true, 3_000);
        reader.offer(key);
        channel.runPendingTasks();
        ByteBuf written = channel.readOutbound();
        assertThat(written.unwrap()).isSameAs(key.interleavedChannel0());
        assertThat((Object) channel.readOutbound()).isNull();
        written.release();
        releaseAll(channel);
        assertThat(key.interleavedChannel0().refCnt()).isZero();
    }

    @Test
    void aViewerThatFallsBehindLosesPicturesUpToTheNextKeyFrame() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RtspStreamReader reader = new RtspStreamReader(channel, 1, -1, policy);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        reader.offer(unit(true, 100));
        for (int i = 0; i < RtspStreamReader.MAX_PENDING + 10; i++) {
            reader.offer(unit(false, 100));
        }
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).hasSize(RtspStreamReader.MAX_PENDING);
        assertThat(metrics.counter("dropped").count()).isEqualTo(11);
        reader.offer(unit(false, 100));
        reader.offer(unit(true, 100));
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).hasSize(RtspStreamReader.MAX_PENDING + 1);
        assertThat(metrics.counter("dropped").count()).isEqualTo(12);
        releaseAll(channel);
    }

    @Test
    void aLateJoinerGetsTheWholeGroupOfPicturesHoweverLong() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RtspStreamReader reader = new RtspStreamReader(channel, 1, -1, policy);
        List<AccessUnit> gop = group(250);
        reader.join(gop);
        for (int i = 0; i < 10; i++) {
            reader.offer(unit(false, 100));
        }
        channel.runPendingTasks();
        List<Integer> sent = sequenceNumbers(channel);
        assertThat(sent).hasSize(260);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i)).as("packet %d in order, none missing", i).isEqualTo(i);
        }
        assertThat(metrics.counter("dropped").count()).isZero();
        releaseAll(channel);
    }

    @Test
    void aJoinerWhoseSocketIsFullGetsTheRestAsItDrains() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RtspStreamReader reader = new RtspStreamReader(channel, 1, -1, policy);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        reader.join(group(120));
        for (int i = 0; i < 20; i++) {
            reader.offer(unit(false, 100));
        }
        channel.runPendingTasks();
        assertThat(channel.outboundMessages()).as("nothing written while the socket is full").isEmpty();
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        channel.runPendingTasks();
        List<Integer> sent = sequenceNumbers(channel);
        assertThat(sent).hasSize(140);
        assertThat(sent.get(139)).isEqualTo(139);
        assertThat(metrics.counter("dropped").count()).isZero();
        assertThat(channel.pipeline().names()).as("the drain watch leaves once it has drained")
                .noneMatch(name -> name.contains("DrainWhenWritable"));
        releaseAll(channel);
    }

    @Test
    void aStalledSocketFillsOnlyTheLiveQueueThenDropsToTheNextKeyFrame() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RtspStreamReader reader = new RtspStreamReader(channel, 1, -1, policy);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        reader.join(group(100));
        for (int i = 0; i < QueuedReader.MAX_PENDING + 7; i++) {
            reader.offer(unit(false, 100));
        }
        channel.runPendingTasks();
        assertThat(metrics.counter("dropped").count()).isEqualTo(7);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        channel.runPendingTasks();
        reader.offer(unit(false, 100));
        reader.offer(unit(true, 100));
        channel.runPendingTasks();
        List<Integer> sent = sequenceNumbers(channel);
        assertThat(sent).hasSize(100 + QueuedReader.MAX_PENDING + 1);
        assertThat(sent.get(sent.size() - 1)).as("resumes on the key frame").isEqualTo(100 + QueuedReader.MAX_PENDING + 8);
        assertThat(metrics.counter("dropped").count()).isEqualTo(8);
        releaseAll(channel);
    }

    @Test
    void aDetachedViewerLetsGoOfWhatItQueued() {
        EmbeddedChannel channel = new EmbeddedChannel();
        RtspStreamReader reader = new RtspStreamReader(channel, 1, -1, policy);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        List<AccessUnit> gop = group(30);
        reader.join(gop);
        channel.runPendingTasks();
        assertThat(gop.get(0).refCnt()).isEqualTo(2);
        reader.detached();
        channel.runPendingTasks();
        assertThat(gop).allSatisfy(u -> assertThat(u.refCnt()).isEqualTo(1));
        releaseAll(channel);
    }
}

package org.sharpeyes.hub.media.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.rtp.VideoCodec;

class ReaderLoopsTest {

    private final EventLoop first = new DefaultEventLoop();
    private final EventLoop second = new DefaultEventLoop();

    @AfterEach
    void stop() {
        first.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        second.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Notes the thread and order of every picture it is handed. */
    private static final class Noting implements StreamReader {
        private final EventExecutor loop;
        final List<String> seen = new CopyOnWriteArrayList<>();

        Noting(EventExecutor loop) {
            this.loop = loop;
        }

        @Override
        public EventExecutor executor() {
            return loop;
        }

        @Override
        public void offer(AccessUnit unit) {
            seen.add(unit.timestamp() + "@" + Thread.currentThread().getName());
        }
    }

    private static AccessUnit unit(long timestamp) {
        return new AccessUnit(VideoCodec.H264, List.of(Unpooled.wrappedBuffer(new byte[] {0x65, 1})), timestamp, true,
                io.netty.buffer.ByteBufAllocator.DEFAULT);
    }

    @Test
    void handsEachReaderItsPicturesInOrderOnItsOwnLoopAndLetsGoOfThem() throws Exception {
        ReaderLoops readers = new ReaderLoops();
        Noting a = new Noting(first);
        Noting b = new Noting(first);
        Noting c = new Noting(second);
        Noting here = new Noting(null);
        List.of(a, b, c, here).forEach(readers::add);
        String firstThread = first.submit(() -> Thread.currentThread().getName()).get();
        String secondThread = second.submit(() -> Thread.currentThread().getName()).get();
        List<AccessUnit> units = List.of(unit(1), unit(2), unit(3));

        for (AccessUnit unit : units) {
            readers.deliver(unit, StreamReader::offer);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> a.seen.size() == 3 && b.seen.size() == 3
                && c.seen.size() == 3);
        assertThat(a.seen).containsExactly("1@" + firstThread, "2@" + firstThread, "3@" + firstThread);
        assertThat(b.seen).containsExactly("1@" + firstThread, "2@" + firstThread, "3@" + firstThread);
        assertThat(c.seen).containsExactly("1@" + secondThread, "2@" + secondThread, "3@" + secondThread);
        String caller = Thread.currentThread().getName();
        assertThat(here.seen).containsExactly("1@" + caller, "2@" + caller, "3@" + caller);
        // Each task let go of what it held: only the publisher's own reference is left.
        await().atMost(Duration.ofSeconds(5)).until(() -> units.stream().allMatch(u -> u.refCnt() == 1));
        units.forEach(AccessUnit::release);
    }

    @Test
    void aReaderOnThePublishersLoopIsHandedPicturesAtOnce() throws Exception {
        ReaderLoops readers = new ReaderLoops();
        Noting local = new Noting(first);
        readers.add(local);
        AccessUnit unit = unit(7);

        List<String> seenDuringDelivery = first.submit(() -> {
            readers.deliver(unit, StreamReader::offer);
            return List.copyOf(local.seen);
        }).get();

        assertThat(seenDuringDelivery).hasSize(1);
        assertThat(unit.refCnt()).isEqualTo(1);
        unit.release();
    }

    @Test
    void removedReadersGetNothingMoreAndAreCountedOnce() {
        ReaderLoops readers = new ReaderLoops();
        Noting a = new Noting(null);
        Noting b = new Noting(null);
        assertThat(readers.add(a)).isTrue();
        assertThat(readers.add(a)).isFalse();
        readers.add(b);
        assertThat(readers.size()).isEqualTo(2);

        assertThat(readers.remove(a)).isTrue();
        assertThat(readers.remove(a)).isFalse();
        AccessUnit unit = unit(9);
        readers.deliver(unit, StreamReader::offer);
        unit.release();

        assertThat(a.seen).isEmpty();
        assertThat(b.seen).hasSize(1);
        assertThat(readers.size()).isEqualTo(1);
        assertThat(readers.all()).containsExactly(b);
    }
}

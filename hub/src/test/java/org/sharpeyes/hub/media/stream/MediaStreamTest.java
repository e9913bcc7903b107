package org.sharpeyes.hub.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.rtp.RtpPacket;

/** The fan-out's kept group of pictures and its outputs made on demand (issue #18). */
class MediaStreamTest {

    private static final UnpooledByteBufAllocator ALLOCATOR = UnpooledByteBufAllocator.DEFAULT;
    private final List<Keeper> keepers = new ArrayList<>();
    private MediaStream stream = new MediaStream(ALLOCATOR);

    /** A reader that keeps what it is handed, in order, whether on joining or live. */
    private final class Keeper implements StreamReader {
        final boolean rtp;
        final List<AccessUnit> units = new ArrayList<>();
        int joined;

        Keeper(boolean rtp) {
            this.rtp = rtp;
            keepers.add(this);
        }

        @Override
        public void offer(AccessUnit unit) {
            units.add(unit.retain());
        }

        @Override
        public void join(List<AccessUnit> gop) {
            joined = gop.size();
            gop.forEach(this::offer);
        }

        @Override
        public boolean needsRtp() {
            return rtp;
        }
    }

    @AfterEach
    void release() {
        keepers.forEach(k -> k.units.forEach(AccessUnit::release));
        stream.close();
    }

    private void publish(boolean key) {
        ByteBuf nal = ALLOCATOR.buffer(3_000).writeByte(key ? 0x65 : 0x41).writeZero(2_999);
        stream.publish(new ArrayList<>(List.of(nal)), System.nanoTime() / 11_111);
    }

    private void publishGroup(int pictures) {
        publish(true);
        for (int i = 1; i < pictures; i++) {
            publish(false);
        }
    }

    private static List<Integer> sequenceNumbers(List<AccessUnit> units) {
        List<Integer> numbers = new ArrayList<>();
        for (AccessUnit unit : units) {
            for (ByteBuf packet : unit.rtpPackets()) {
                numbers.add(RtpPacket.parse(packet.duplicate()).sequence());
            }
        }
        return numbers;
    }

    @Test
    void aLateJoinerIsHandedTheWholeGroupOfPicturesOfALongGopCamera() {
        Keeper first = new Keeper(false);
        stream.addReader(first);
        publishGroup(250);
        Keeper late = new Keeper(false);
        stream.addReader(late);
        publish(false);
        assertThat(late.joined).isEqualTo(250);
        assertThat(late.units).hasSize(251);
        assertThat(late.units.get(0).keyFrame()).isTrue();
        assertThat(late.units).isEqualTo(first.units.subList(0, 251));
    }

    @Test
    void makesRtpPacketsOnlyWhileAnRtspReaderWatches() {
        Keeper flv = new Keeper(false);
        stream.addReader(flv);
        publishGroup(5);
        assertThat(flv.units).noneMatch(AccessUnit::isPacketized);
        Keeper rtsp = new Keeper(true);
        stream.addReader(rtsp);
        publish(false);
        assertThat(rtsp.units).hasSize(6).allMatch(AccessUnit::isPacketized);
        List<Integer> numbers = sequenceNumbers(rtsp.units);
        for (int i = 1; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as("packet %d follows the one before", i)
                    .isEqualTo((numbers.get(i - 1) + 1) & 0xFFFF);
        }
        stream.removeReader(rtsp);
        publish(false);
        assertThat(flv.units.get(flv.units.size() - 1).isPacketized()).isFalse();
        Keeper again = new Keeper(true);
        stream.addReader(again);
        List<Integer> resumed = sequenceNumbers(again.units);
        assertThat(resumed.get(resumed.size() - 1)).as("the one picture made while nobody read RTP, numbered next")
                .isEqualTo((numbers.get(numbers.size() - 1) + 3) & 0xFFFF);
    }

    @Test
    void makesTheFlvBodyOnceOnDemandAndSharesIt() {
        Keeper reader = new Keeper(false);
        stream.addReader(reader);
        publish(true);
        AccessUnit unit = reader.units.get(0);
        assertThat(unit.hasFlvBody()).isFalse();
        ByteBuf body = unit.flvBody();
        assertThat(unit.flvBody()).isSameAs(body);
        assertThat(body.readableBytes()).isEqualTo(5 + 4 + 3_000);
    }

    @Test
    void keepsNoGroupLongerThanItsLimitSoAJoinerWaitsForTheNextKeyFrame() {
        stream = new MediaStream(ALLOCATOR, 10);
        publishGroup(10);
        assertThat(stream.keptPictures()).isEqualTo(10);
        publish(false);
        assertThat(stream.keptPictures()).isZero();
        Keeper late = new Keeper(false);
        stream.addReader(late);
        publish(false);
        assertThat(late.joined).isZero();
        publish(true);
        assertThat(stream.keptPictures()).isEqualTo(1);
    }
}

package org.sharpeyes.adapters.gb28181.ps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sharpeyes.adapters.gb28181.ps.PsFixtures.annexB;
import static org.sharpeyes.adapters.gb28181.ps.PsFixtures.bufs;
import static org.sharpeyes.adapters.gb28181.ps.PsFixtures.concat;
import static org.sharpeyes.adapters.gb28181.ps.PsFixtures.h264Slice;
import static org.sharpeyes.adapters.gb28181.ps.PsFixtures.h265Slice;
import static org.sharpeyes.adapters.gb28181.ps.PsFixtures.packHeader;
import static org.sharpeyes.adapters.gb28181.ps.PsFixtures.pes;
import static org.sharpeyes.adapters.gb28181.ps.PsFixtures.streamMap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.rtp.VideoCodec;

class PsDemuxerTest {

    private final PsFixtures.Found found = new PsFixtures.Found();
    private final PsDemuxer demuxer = new PsDemuxer(ByteBufAllocator.DEFAULT, found);

    private void push(byte[] bytes) {
        demuxer.push(Unpooled.wrappedBuffer(bytes));
    }

    @Test
    void readsPacksWithNoSystemHeaderAndNoStreamMap() {
        byte[] idr = annexB(PsFixtures.H264_SPS, PsFixtures.H264_PPS, h264Slice(true, 500, 1));
        byte[] p = annexB(h264Slice(false, 200, 2));
        push(concat(packHeader(), pes(0xE0, 3600, idr, false), packHeader(), pes(0xE0, 7200, p, false)));
        demuxer.endOfFrame();

        assertThat(found.pictures).hasSize(2);
        assertThat(found.pictures.get(0).codec()).isEqualTo(VideoCodec.H264);
        assertThat(found.pictures.get(0).keyFrame()).isTrue();
        assertThat(found.pictures.get(0).pts()).isEqualTo(3600);
        assertThat(found.pictureBytes.get(0)).isEqualTo(idr);
        assertThat(found.pictures.get(1).keyFrame()).isFalse();
        assertThat(found.pictures.get(1).pts()).isEqualTo(7200);
        assertThat(found.pictureBytes.get(1)).isEqualTo(p);
        assertThat(found.malformed).isEmpty();
    }

    @Test
    void takesH265FromTheStreamMapAndFindsItsKeyFrames() {
        PsMuxer muxer = new PsMuxer(VideoCodec.H265, null);
        push(bytes(muxer.picture(ByteBufAllocator.DEFAULT, bufs(PsFixtures.H265_VPS, PsFixtures.H265_SPS,
                PsFixtures.H265_PPS, h265Slice(true, 800, 3)), 90_000, true)));
        push(bytes(muxer.picture(ByteBufAllocator.DEFAULT, bufs(h265Slice(false, 300, 4)), 93_600, false)));
        demuxer.endOfFrame();

        assertThat(found.pictures).extracting(PsVideoFrame::codec).containsExactly(VideoCodec.H265, VideoCodec.H265);
        assertThat(found.pictures).extracting(PsVideoFrame::keyFrame).containsExactly(true, false);
        assertThat(found.pictures).extracting(PsVideoFrame::pts).containsExactly(90_000L, 93_600L);
        assertThat(demuxer.streamType(0xE0)).isEqualTo(PsStreamType.H265);
        assertThat(found.malformed).isEmpty();
    }

    @Test
    void tellsH265WithoutAStreamMapFromItsNalHeaders() {
        push(concat(packHeader(), pes(0xE0, 0, annexB(PsFixtures.H265_VPS, PsFixtures.H265_SPS, PsFixtures.H265_PPS,
                h265Slice(true, 100, 5)), false)));
        demuxer.endOfFrame();

        assertThat(found.pictures).singleElement().satisfies(picture -> {
            assertThat(picture.codec()).isEqualTo(VideoCodec.H265);
            assertThat(picture.keyFrame()).isTrue();
        });
    }

    @Test
    void readsTheAudioTheMapNamesAndTakesUnnamedAudioAsG711ALaw() {
        byte[] alaw = PsFixtures.filler(320, 6);
        byte[] adts = PsFixtures.filler(200, 7);
        push(concat(packHeader(), streamMap(0x1B, 0xE0, 0x91, 0xC0, 0x0F, 0xC1), pes(0xC0, 1000, alaw, false),
                pes(0xC1, 2000, adts, false)));
        assertThat(found.audio).extracting(PsAudioFrame::type).containsExactly(PsStreamType.G711U, PsStreamType.AAC);
        assertThat(found.audio).extracting(PsAudioFrame::pts).containsExactly(1000L, 2000L);
        assertThat(found.audioBytes.get(0)).isEqualTo(alaw);
        assertThat(found.audioBytes.get(1)).isEqualTo(adts);

        PsFixtures.Found other = new PsFixtures.Found();
        PsDemuxer unnamed = new PsDemuxer(ByteBufAllocator.DEFAULT, other);
        unnamed.push(Unpooled.wrappedBuffer(concat(packHeader(), pes(0xC0, 0, alaw, false))));
        assertThat(other.audio).extracting(PsAudioFrame::type).containsExactly(PsStreamType.G711A);
        unnamed.close();
    }

    @Test
    void readsAVideoPesOfLengthZeroUpToTheNextStartCode() {
        byte[] idr = annexB(PsFixtures.H264_SPS, PsFixtures.H264_PPS, h264Slice(true, 70_000, 8));
        byte[] p = annexB(h264Slice(false, 900, 9));
        push(concat(packHeader(), pes(0xE0, 0, idr, true), packHeader(), pes(0xE0, 3600, p, true), packHeader()));
        demuxer.endOfFrame();

        assertThat(found.pictures).hasSize(2);
        assertThat(found.pictureBytes.get(0)).isEqualTo(idr);
        assertThat(found.pictureBytes.get(1)).isEqualTo(p);
        assertThat(found.malformed).isEmpty();
    }

    @Test
    void joinsAPictureSpreadOverManyPes() {
        PsMuxer muxer = new PsMuxer(VideoCodec.H264, PsStreamType.G711A);
        byte[] slice = h264Slice(true, 200_000, 10);
        push(bytes(muxer.picture(ByteBufAllocator.DEFAULT, bufs(PsFixtures.H264_SPS, PsFixtures.H264_PPS, slice),
                0, true)));
        demuxer.endOfFrame();

        assertThat(found.pictures).hasSize(1);
        assertThat(found.pictureBytes.get(0)).isEqualTo(annexB(PsFixtures.H264_SPS, PsFixtures.H264_PPS, slice));
    }

    @Test
    void cutsPicturesThatRunAcrossPesBoundariesAndGivesEachThePtsOfThePesItBeginsIn() {
        byte[] first = annexB(PsFixtures.H264_SPS, PsFixtures.H264_PPS, h264Slice(true, 3000, 11));
        byte[] second = annexB(h264Slice(false, 2500, 12));
        byte[] third = annexB(h264Slice(false, 2500, 13));
        byte[] stream = concat(first, second, third);
        // As FFmpeg packs: each PES cut at 2 KiB, its PTS that of the first picture beginning in it.
        int cutA = 2048;
        int cutB = 4096;
        int cutC = 6144;
        push(concat(packHeader(), pes(0xE0, 0, Arrays.copyOfRange(stream, 0, cutA), false),
                packHeader(), pes(0xE0, 3600, Arrays.copyOfRange(stream, cutA, cutB), false),
                packHeader(), pes(0xE0, 7200, Arrays.copyOfRange(stream, cutB, cutC), false),
                packHeader(), pes(0xE0, -1, Arrays.copyOfRange(stream, cutC, stream.length), false)));
        demuxer.endOfFrame();

        assertThat(found.pictureBytes).containsExactly(first, second, third);
        assertThat(found.pictures).extracting(PsVideoFrame::pts).containsExactly(0L, 3600L, 7200L);
    }

    @Test
    void handsOutAPictureAtTheMarkerWithoutWaitingForTheNext() {
        push(concat(packHeader(), pes(0xE0, 0, annexB(h264Slice(false, 100, 14)), false)));
        assertThat(found.pictures).isEmpty();
        demuxer.endOfFrame();
        assertThat(found.pictures).hasSize(1);
    }

    @Test
    void skipsGarbageAndBadStructuresAndKeepsThePicturesBesideThem() {
        byte[] good = annexB(h264Slice(true, 400, 15));
        byte[] alsoGood = annexB(h264Slice(false, 400, 16));
        byte[] badPack = {0, 0, 1, (byte) 0xBA, (byte) 0x80, 1, 2, 3};
        push(concat(packHeader(), pes(0xE0, 0, good, false), new byte[] {1, 2, 3, 4, 5, 6, 7}, badPack,
                pes(0xC0, 0, new byte[0], true), packHeader(), pes(0xE0, 3600, alsoGood, false)));
        demuxer.endOfFrame();

        assertThat(found.pictureBytes).containsExactly(good, alsoGood);
        assertThat(found.malformed).anySatisfy(m -> assertThat(m).contains("bytes outside any PS structure")
                .contains("at byte 432"));
        assertThat(found.malformed).anySatisfy(m -> assertThat(m).contains("pack header with neither"));
        assertThat(found.malformed).anySatisfy(m -> assertThat(m).contains("PES 0xC0 of length 0"));
    }

    @Test
    void readsMpeg1PacksAndPes() {
        byte[] pack = {0, 0, 1, (byte) 0xBA, 0x21, 0, 1, 0, 1, (byte) 0x80, 0, 1};
        byte[] payload = annexB(h264Slice(true, 300, 17));
        // Stuffing, the STD buffer size, then a PTS of 14,400.
        byte[] header = {(byte) 0xFF, 0x60, 0x00, 0x21, 0x00, 0x01, 0x70, (byte) 0x81};
        int length = header.length + payload.length;
        push(concat(pack, new byte[] {0, 0, 1, (byte) 0xE0, (byte) (length >> 8), (byte) length}, header, payload));
        demuxer.endOfFrame();

        assertThat(found.pictureBytes).containsExactly(payload);
        assertThat(found.pictures.get(0).pts()).isEqualTo(14_400);
        assertThat(found.malformed).isEmpty();
    }

    @Test
    void readsTheSameWhereverTheStreamIsCut() {
        byte[] stream = muxedStream(6);
        PsFixtures.Found whole = new PsFixtures.Found();
        PsDemuxer reference = new PsDemuxer(ByteBufAllocator.DEFAULT, whole);
        reference.push(Unpooled.wrappedBuffer(stream));
        reference.endOfFrame();
        reference.close();
        assertThat(whole.pictures).hasSize(6);

        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            PsFixtures.Found cut = new PsFixtures.Found();
            PsDemuxer pieces = new PsDemuxer(ByteBufAllocator.DEFAULT, cut);
            int at = 0;
            while (at < stream.length) {
                int size = Math.min(stream.length - at, 1 + random.nextInt(round % 2 == 0 ? 16 : 1500));
                pieces.push(Unpooled.wrappedBuffer(stream, at, size));
                at += size;
            }
            pieces.endOfFrame();
            pieces.close();
            assertThat(cut.pictureBytes).containsExactlyElementsOf(whole.pictureBytes);
            assertThat(cut.pictures).extracting(PsVideoFrame::pts).containsExactlyElementsOf(
                    whole.pictures.stream().map(PsVideoFrame::pts).toList());
        }
    }

    @Test
    void marksThePictureInProgressDamagedWhenBytesAreLost() {
        byte[] idr = annexB(PsFixtures.H264_SPS, PsFixtures.H264_PPS, h264Slice(true, 400, 18));
        push(concat(packHeader(), pes(0xE0, 0, idr, true), new byte[] {0, 0, 1}));
        demuxer.lost();
        push(concat(packHeader(), pes(0xE0, 99_000, annexB(h264Slice(true, 100, 19)), false)));
        demuxer.endOfFrame();

        assertThat(found.pictures).extracting(PsVideoFrame::damaged).containsExactly(true, false);
        assertThat(found.pictures).extracting(PsVideoFrame::pts).containsExactly(0L, 99_000L);
    }

    @Test
    void marksThePictureAfterALossDamagedUnlessItIsAWholeKeyFrame() {
        byte[] stream = muxedStream(2);
        push(Arrays.copyOfRange(stream, 0, 300));
        demuxer.lost();
        push(concat(packHeader(), pes(0xE0, 3600, annexB(h264Slice(false, 100, 20)), false)));
        demuxer.endOfFrame();
        push(concat(packHeader(), pes(0xE0, 7200, annexB(h264Slice(false, 100, 21)), false)));
        demuxer.endOfFrame();
        demuxer.lost();
        push(concat(packHeader(), pes(0xE0, 10_800, annexB(h264Slice(true, 100, 22)), false)));
        demuxer.endOfFrame();

        assertThat(found.pictures).extracting(PsVideoFrame::damaged).containsExactly(true, false, false);
        assertThat(found.pictures).extracting(PsVideoFrame::keyFrame).containsExactly(false, false, true);
    }

    @Test
    void survivesRandomDamageAndReadsTheCleanStreamAfterIt() {
        byte[] clean = muxedStream(8);
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            byte[] broken = clean.clone();
            int flips = 1 + random.nextInt(40);
            for (int i = 0; i < flips; i++) {
                broken[random.nextInt(broken.length)] = (byte) random.nextInt(256);
            }
            byte[] truncated = Arrays.copyOfRange(broken, 0, random.nextInt(broken.length));
            PsFixtures.Found seen = new PsFixtures.Found();
            PsDemuxer fuzzed = new PsDemuxer(ByteBufAllocator.DEFAULT, seen);
            fuzzed.push(Unpooled.wrappedBuffer(truncated));
            fuzzed.lost();
            fuzzed.push(Unpooled.wrappedBuffer(clean));
            fuzzed.endOfFrame();
            fuzzed.close();
            List<byte[]> tail = seen.pictureBytes.subList(Math.max(0, seen.pictureBytes.size() - 8),
                    seen.pictureBytes.size());
            assertThat(tail).as("round %d", round).hasSize(8);
            PsFixtures.Found reference = new PsFixtures.Found();
            PsDemuxer plain = new PsDemuxer(ByteBufAllocator.DEFAULT, reference);
            plain.push(Unpooled.wrappedBuffer(clean));
            plain.endOfFrame();
            plain.close();
            assertThat(tail).as("round %d", round).containsExactlyElementsOf(reference.pictureBytes);
        }
    }

    /** Pictures from our muxer: a key frame with parameter sets, then P pictures, 40 ms apart, with G.711 between. */
    private static byte[] muxedStream(int pictures) {
        PsMuxer muxer = new PsMuxer(VideoCodec.H264, PsStreamType.G711A);
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < pictures; i++) {
            List<ByteBuf> nals = i == 0 ? bufs(PsFixtures.H264_SPS, PsFixtures.H264_PPS, h264Slice(true, 3000, i))
                    : bufs(h264Slice(false, 700 + 100 * i, i));
            parts.add(bytes(muxer.picture(ByteBufAllocator.DEFAULT, nals, 3600L * i, i == 0)));
            parts.add(bytes(muxer.audio(ByteBufAllocator.DEFAULT, Unpooled.wrappedBuffer(PsFixtures.filler(320, i)),
                    3600L * i)));
        }
        return concat(parts.toArray(byte[][]::new));
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }
}

package org.sharpeyes.adapters.mp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.adapters.rtp.h264.AvcDecoderConfiguration;

class Fmp4Test {

    private static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, 1, 2, 3};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    /** The types of the boxes at the top of {@code data}, with their sizes adding up to the whole. */
    private static List<String> topBoxes(ByteBuf data) {
        List<String> types = new ArrayList<>();
        int at = data.readerIndex();
        while (at < data.writerIndex()) {
            int size = data.getInt(at);
            types.add(data.toString(at + 4, 4, StandardCharsets.US_ASCII));
            at += size;
        }
        assertThat(at).isEqualTo(data.writerIndex());
        return types;
    }

    @Test
    void initSegmentIsFtypThenMoovWithAnAvcC() {
        ByteBuf init = Fmp4.initSegment(ByteBufAllocator.DEFAULT, VideoCodec.H264,
                AvcDecoderConfiguration.record(SPS, PPS), 320, 240, null);
        assertThat(topBoxes(init)).containsExactly("ftyp", "moov");
        String text = init.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).contains("mvhd", "trak", "tkhd", "mdhd", "hdlr", "vide", "avc1", "avcC", "mvex", "trex");
        init.release();
    }

    @Test
    void h265InitSegmentCarriesAnHvc1EntryWithTheWholeRecord() {
        byte[] record = {1, 2, 3, 4};
        ByteBuf init = Fmp4.initSegment(ByteBufAllocator.DEFAULT, VideoCodec.H265, record, 640, 360, null);
        String text = init.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).contains("hvc1", "hvcC").doesNotContain("avc1");
        int hvcC = text.indexOf("hvcC");
        assertThat(init.getInt(hvcC - 4)).as("hvcC box size").isEqualTo(8 + record.length);
        assertThat(ByteBufUtil.hexDump(init, hvcC + 4, record.length)).isEqualTo("01020304");
        init.release();
    }

    @Test
    void addsAnAacTrackWithItsConfigInTheEsds() {
        byte[] config = {0x14, 0x08};
        ByteBuf init = Fmp4.initSegment(ByteBufAllocator.DEFAULT, VideoCodec.H264, AvcDecoderConfiguration.record(SPS,
                PPS), 320, 240, new Fmp4.AacTrack(config, 16_000, 1));
        String text = init.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).contains("soun", "smhd", "mp4a", "esds");
        assertThat(text.split("trex", -1)).as("one trex per track").hasSize(3);
        int mp4a = text.indexOf("mp4a");
        assertThat(init.getUnsignedShort(mp4a + 4 + 16)).as("channels").isEqualTo(1);
        assertThat(init.getInt(mp4a + 4 + 24) >>> 16).as("sample rate").isEqualTo(16_000);
        int esds = text.indexOf("esds");
        String descriptors = ByteBufUtil.hexDump(init, esds + 8, init.getInt(esds - 4) - 12);
        assertThat(descriptors).isEqualTo("03" + "19" + "0002" + "00" + "04" + "11" + "40" + "15" + "000000" + "00000000"
                + "00000000" + "05" + "02" + "1408" + "06" + "01" + "02");
        init.release();
    }

    @Test
    void fragmentPointsItsDataOffsetAtTheSample() {
        ByteBuf sample = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 2, 0x65, 1});
        ByteBuf fragment = Fmp4.fragment(ByteBufAllocator.DEFAULT, 7, Fmp4.VIDEO_TRACK, 90_000, 3_600, true,
                sample);
        assertThat(topBoxes(fragment)).containsExactly("moof", "mdat");
        String text = fragment.toString(StandardCharsets.ISO_8859_1);
        int trun = text.indexOf("trun");
        int dataOffset = fragment.getInt(trun + 4 + 4 + 4);
        assertThat(fragment.getByte(dataOffset + 4)).isEqualTo((byte) 0x65);
        assertThat(fragment.getInt(trun + 4 + 4 + 4 + 4)).as("key frame flags").isEqualTo(0x02000000);
        int tfdt = text.indexOf("tfdt");
        assertThat(fragment.getLong(tfdt + 8)).isEqualTo(90_000);
        fragment.release();
        assertThat(sample.refCnt()).isZero();
    }

    @Test
    void writesAOneSampleMoofAndTheMdatHeaderByteForByte() {
        // moof(100: mfhd 16, traf 76: tfhd 16, tfdt 20 version 1, trun 32 with data offset 108), mdat header.
        assertThat(io.netty.buffer.ByteBufUtil.hexDump(Fmp4.fragmentHead(io.netty.buffer.Unpooled.buffer(), 7, 1,
                123_456_789_012L, 3600, true, 5000))).isEqualTo("000000646d6f6f66000000106d66686400000000000000"
                + "070000004c74726166000000107466686400020000000000010000001474666474010000000000001cbe991a1400000020"
                + "7472756e00000305000000010000006c0200000000000e1000001388000013906d646174");
        assertThat(io.netty.buffer.ByteBufUtil.hexDump(Fmp4.fragmentHead(io.netty.buffer.Unpooled.buffer(), 8, 2, 5L,
                1024, false, 17))).endsWith("000000010000006c010100000000040000000011000000196d646174");
    }
}

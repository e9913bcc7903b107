package org.sharpeyes.adapters.flv;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.adapters.rtp.h264.AvcDecoderConfiguration;

class FlvTagsTest {

    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, 1, 2, 3};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    @Test
    void writesTheFileHeaderForVideoOnly() {
        ByteBuf header = FlvTags.fileHeader(ALLOC, false);
        assertThat(ByteBufUtil.hexDump(header)).isEqualTo("464c5601010000000900000000");
        header.release();
    }

    @Test
    void wrapsABodyInAHeaderWithExtendedTimestampAndATrailer() {
        ByteBuf body = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        ByteBuf tag = FlvTags.tag(ALLOC, FlvTags.VIDEO, 0x12345678L, body);
        assertThat(ByteBufUtil.hexDump(tag)).isEqualTo("09" + "000003" + "345678" + "12" + "000000" + "010203"
                + "0000000e");
        tag.release();
        assertThat(body.refCnt()).isZero();
    }

    @Test
    void buildsTheAvcDecoderConfigurationRecord() {
        ByteBuf body = FlvTags.sequenceHeader(ALLOC, VideoCodec.H264, AvcDecoderConfiguration.record(SPS, PPS));
        assertThat(ByteBufUtil.hexDump(body)).isEqualTo("1700000000" + "0142c01eff" + "e10007" + "6742c01e010203"
                + "010004" + "68ce3c80");
        body.release();
    }

    @Test
    void lengthPrefixesEveryNalUnitOfAPicture() {
        ByteBuf body = FlvTags.picture(ALLOC, VideoCodec.H264, false, List.of(Unpooled.wrappedBuffer(new byte[] {0x41, 9}),
                Unpooled.wrappedBuffer(new byte[] {0x01})));
        assertThat(ByteBufUtil.hexDump(body)).isEqualTo("2701000000" + "000000024109" + "0000000101");
        body.release();
    }

    @Test
    void writesAnAmf0MetadataArray() {
        ByteBuf body = FlvTags.metadata(ALLOC, VideoCodec.H264, 640, 360);
        assertThat(body.getByte(0)).isEqualTo((byte) 2);
        assertThat(body.toString(3, 10, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("onMetaData");
        assertThat(body.getMedium(body.writerIndex() - 3)).isEqualTo(9);
        body.release();
    }

    @Test
    void startsAnH265SequenceWithTheEnhancedFlvHvc1Header() {
        ByteBuf body = FlvTags.sequenceHeader(ALLOC, VideoCodec.H265, new byte[] {1, 2});
        assertThat(ByteBufUtil.hexDump(body)).isEqualTo("90" + "68766331" + "0102");
        body.release();
    }

    @Test
    void writesH265PicturesAsEnhancedCodedFramesWithZeroCompositionTime() {
        ByteBuf key = FlvTags.picture(ALLOC, VideoCodec.H265, true, List.of(Unpooled.wrappedBuffer(new byte[] {0x26, 1,
                7})));
        assertThat(ByteBufUtil.hexDump(key)).isEqualTo("91" + "68766331" + "000000" + "00000003260107");
        ByteBuf inter = FlvTags.picture(ALLOC, VideoCodec.H265, false, List.of(Unpooled.wrappedBuffer(new byte[] {2,
                1})));
        assertThat(ByteBufUtil.hexDump(inter)).startsWith("a168766331");
        key.release();
        inter.release();
    }

    @Test
    void namesTheH265CodecByItsFourCcInTheMetadata() {
        ByteBuf body = FlvTags.metadata(ALLOC, VideoCodec.H265, 0, 0);
        int at = body.toString(java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("videocodecid") + 12;
        assertThat(body.getByte(at)).isZero();
        assertThat(body.getDouble(at + 1)).isEqualTo(0x68766331);
        body.release();
    }

    @Test
    void flagsAudioInTheFileHeaderAndWritesAacAndG711Bodies() {
        assertThat(FlvTags.fileHeader(ALLOC, true).getByte(4)).isEqualTo((byte) 0x05);
        assertThat(ByteBufUtil.hexDump(FlvTags.aacSequenceHeader(ALLOC, new byte[] {0x14, 0x08}))).isEqualTo("af001408");
        assertThat(ByteBufUtil.hexDump(FlvTags.aacFrame(ALLOC, Unpooled.wrappedBuffer(new byte[] {1, 2}))))
                .isEqualTo("af010102");
        assertThat(ByteBufUtil.hexDump(FlvTags.g711Frame(ALLOC, false, Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF}))))
                .isEqualTo("82ff");
        assertThat(ByteBufUtil.hexDump(FlvTags.g711Frame(ALLOC, true, Unpooled.wrappedBuffer(new byte[] {0x55}))))
                .isEqualTo("7255");
    }
}

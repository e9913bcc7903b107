package org.sharpeyes.adapters.flv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.sharpeyes.adapters.rtp.VideoCodec;

/**
 * Writes FLV (Adobe FLV 10.1, the container HTTP-FLV and WebSocket-FLV players such as mpegts.js read) for H.264,
 * and enhanced FLV (E-RTMP v1, FourCC {@code hvc1}) for H.265: the file header, sequence headers, picture bodies, and
 * tags around shared bodies. A body is built once
 * per picture and wrapped per viewer in its own 11-byte tag header and 4-byte trailer, never copied.
 */
public final class FlvTags {

    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int SCRIPT = 18;
    private static final int AVC = 7;
    /** AAC, and the fields FLV fixes for it: 44 kHz, 16-bit, stereo (the real values are in the AudioSpecificConfig). */
    private static final int AAC_FLAGS = 0xAF;
    /** Enhanced FLV (E-RTMP v1): the top bit of the first video byte says a FourCC and packet type follow. */
    private static final int EX_HEADER = 0x80;
    private static final int SEQUENCE_START = 0;
    private static final int CODED_FRAMES = 1;
    private static final int HVC1 = 0x68766331;

    private FlvTags() {
    }

    /** The 9-byte file header (video, and audio when {@code audio}) and the first PreviousTagSize, 0. */
    public static ByteBuf fileHeader(ByteBufAllocator allocator, boolean audio) {
        return allocator.buffer(13).writeBytes("FLV".getBytes(StandardCharsets.US_ASCII)).writeByte(1)
                .writeByte(audio ? 0x05 : 0x01).writeInt(9).writeInt(0);
    }

    /** The audio body of the AAC sequence header: the AudioSpecificConfig. */
    public static ByteBuf aacSequenceHeader(ByteBufAllocator allocator, byte[] audioSpecificConfig) {
        return allocator.buffer(2 + audioSpecificConfig.length).writeByte(AAC_FLAGS).writeByte(0)
                .writeBytes(audioSpecificConfig);
    }

    /** The audio body of one raw AAC access unit. */
    public static ByteBuf aacFrame(ByteBufAllocator allocator, ByteBuf accessUnit) {
        return allocator.buffer(2 + accessUnit.readableBytes()).writeByte(AAC_FLAGS).writeByte(1)
                .writeBytes(accessUnit, accessUnit.readerIndex(), accessUnit.readableBytes());
    }

    /** The audio body of G.711 samples (8 kHz mono), A-law or mu-law. */
    public static ByteBuf g711Frame(ByteBufAllocator allocator, boolean aLaw, ByteBuf samples) {
        return allocator.buffer(1 + samples.readableBytes()).writeByte(aLaw ? 0x72 : 0x82)
                .writeBytes(samples, samples.readerIndex(), samples.readableBytes());
    }

    /** One tag around {@code body} (which the tag takes over): header, body, PreviousTagSize. */
    public static ByteBuf tag(ByteBufAllocator allocator, int type, long timestampMillis, ByteBuf body) {
        int size = body.readableBytes();
        ByteBuf header = tagHeader(allocator.buffer(TAG_HEADER_BYTES), type, size, timestampMillis);
        ByteBuf trailer = allocator.buffer(4).writeInt(TAG_HEADER_BYTES + size);
        CompositeByteBuf tag = allocator.compositeBuffer(3);
        tag.addComponents(true, header, body, trailer);
        return tag;
    }

    /** The length of a tag's header; a tag ends with its own length, this plus its body's, in four bytes. */
    public static final int TAG_HEADER_BYTES = 11;

    /** Writes the 11-byte header of a tag of {@code type} whose body has {@code size} bytes into {@code out}. */
    public static ByteBuf tagHeader(ByteBuf out, int type, int size, long timestampMillis) {
        return out.writeByte(type).writeMedium(size).writeMedium((int) timestampMillis)
                .writeByte((int) (timestampMillis >>> 24) & 0xFF).writeMedium(0);
    }

    /**
     * The video body that tells the player how to decode: for H.264 the AVC sequence header, for H.265 the
     * enhanced-FLV sequence start with FourCC {@code hvc1}; {@code record} is the codec's decoder configuration record.
     */
    public static ByteBuf sequenceHeader(ByteBufAllocator allocator, VideoCodec codec, byte[] record) {
        ByteBuf body = allocator.buffer(8 + record.length);
        if (codec == VideoCodec.H264) {
            body.writeByte(0x10 | AVC).writeByte(0).writeMedium(0);
        } else {
            body.writeByte(EX_HEADER | 0x10 | SEQUENCE_START).writeInt(HVC1);
        }
        return body.writeBytes(record);
    }

    /**
     * The video body of one picture: its NAL units, each prefixed with a 4-byte length, after the legacy AVC header
     * (H.264) or the enhanced-FLV coded-frames header with a zero composition time (H.265).
     */
    public static ByteBuf picture(ByteBufAllocator allocator, VideoCodec codec, boolean keyFrame, List<ByteBuf> nals) {
        int size = 8;
        for (ByteBuf nal : nals) {
            size += 4 + nal.readableBytes();
        }
        ByteBuf body = allocator.buffer(size);
        int frameType = keyFrame ? 0x10 : 0x20;
        if (codec == VideoCodec.H264) {
            body.writeByte(frameType | AVC).writeByte(1).writeMedium(0);
        } else {
            body.writeByte(EX_HEADER | frameType | CODED_FRAMES).writeInt(HVC1).writeMedium(0);
        }
        for (ByteBuf nal : nals) {
            body.writeInt(nal.readableBytes()).writeBytes(nal, nal.readerIndex(), nal.readableBytes());
        }
        return body;
    }

    /** Bytes before the first NAL unit length in a picture body of {@code codec}. */
    public static int pictureHeaderBytes(VideoCodec codec) {
        return codec == VideoCodec.H264 ? 5 : 8;
    }

    /**
     * The script body {@code onMetaData} with the video codec (7 for AVC, the FourCC for enhanced FLV), and width and
     * height when known (0: omitted).
     */
    public static ByteBuf metadata(ByteBufAllocator allocator, VideoCodec codec, int width, int height) {
        ByteBuf body = allocator.buffer(128);
        body.writeByte(2);
        writeAmfString(body, "onMetaData");
        body.writeByte(8).writeInt(width > 0 ? 3 : 1);
        writeAmfString(body, "videocodecid");
        body.writeByte(0).writeDouble(codec == VideoCodec.H264 ? AVC : HVC1);
        if (width > 0) {
            writeAmfString(body, "width");
            body.writeByte(0).writeDouble(width);
            writeAmfString(body, "height");
            body.writeByte(0).writeDouble(height);
        }
        body.writeMedium(9);
        return body;
    }

    private static void writeAmfString(ByteBuf out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length).writeBytes(bytes);
    }
}

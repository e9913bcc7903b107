package org.sharpeyes.adapters.flv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes FLV (Adobe FLV 10.1, the container HTTP-FLV and WebSocket-FLV players such as mpegts.js read) for H.264:
 * the file header, the AVC sequence header, AVC picture bodies, and tags around shared bodies. A body is built once
 * per picture and wrapped per viewer in its own 11-byte tag header and 4-byte trailer, never copied.
 */
public final class FlvTags {

    public static final int VIDEO = 9;
    public static final int SCRIPT = 18;
    private static final int AVC = 7;

    private FlvTags() {
    }

    /** The 9-byte file header (video only) and the first PreviousTagSize, 0. */
    public static ByteBuf fileHeader(ByteBufAllocator allocator) {
        return allocator.buffer(13).writeBytes("FLV".getBytes(StandardCharsets.US_ASCII)).writeByte(1)
                .writeByte(0x01).writeInt(9).writeInt(0);
    }

    /** One tag around {@code body} (which the tag takes over): header, body, PreviousTagSize. */
    public static ByteBuf tag(ByteBufAllocator allocator, int type, long timestampMillis, ByteBuf body) {
        int size = body.readableBytes();
        ByteBuf header = allocator.buffer(11).writeByte(type).writeMedium(size).writeMedium((int) timestampMillis)
                .writeByte((int) (timestampMillis >>> 24) & 0xFF).writeMedium(0);
        ByteBuf trailer = allocator.buffer(4).writeInt(11 + size);
        CompositeByteBuf tag = allocator.compositeBuffer(3);
        tag.addComponents(true, header, body, trailer);
        return tag;
    }

    /** The video body of the AVC sequence header: an AVCDecoderConfigurationRecord from one SPS and one PPS. */
    public static ByteBuf avcSequenceHeader(ByteBufAllocator allocator, byte[] sps, byte[] pps) {
        if (sps.length < 4) {
            throw new IllegalArgumentException("an SPS has at least 4 bytes, got " + sps.length);
        }
        ByteBuf body = allocator.buffer(16 + sps.length + pps.length);
        body.writeByte(0x10 | AVC).writeByte(0).writeMedium(0);
        body.writeByte(1).writeByte(sps[1]).writeByte(sps[2]).writeByte(sps[3]).writeByte(0xFF);
        body.writeByte(0xE1).writeShort(sps.length).writeBytes(sps);
        body.writeByte(1).writeShort(pps.length).writeBytes(pps);
        return body;
    }

    /** The video body of one picture: its NAL units, each prefixed with a 4-byte length (AVCC). */
    public static ByteBuf avcPicture(ByteBufAllocator allocator, boolean keyFrame, List<ByteBuf> nals) {
        int size = 5;
        for (ByteBuf nal : nals) {
            size += 4 + nal.readableBytes();
        }
        ByteBuf body = allocator.buffer(size);
        body.writeByte((keyFrame ? 0x10 : 0x20) | AVC).writeByte(1).writeMedium(0);
        for (ByteBuf nal : nals) {
            body.writeInt(nal.readableBytes()).writeBytes(nal, nal.readerIndex(), nal.readableBytes());
        }
        return body;
    }

    /** The script body {@code onMetaData} with the video codec, and width and height when known (0: omitted). */
    public static ByteBuf metadata(ByteBufAllocator allocator, int width, int height) {
        ByteBuf body = allocator.buffer(128);
        body.writeByte(2);
        writeAmfString(body, "onMetaData");
        body.writeByte(8).writeInt(width > 0 ? 3 : 1);
        writeAmfString(body, "videocodecid");
        body.writeByte(0).writeDouble(AVC);
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

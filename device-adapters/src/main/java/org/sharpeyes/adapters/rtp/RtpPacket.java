package org.sharpeyes.adapters.rtp;

import io.netty.buffer.ByteBuf;

/**
 * An RTP packet's header fields and a slice of its payload (RFC 3550 §5.1); CSRCs, a header extension and padding
 * are skipped. The payload shares the packet's buffer and is valid while that buffer is.
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, ByteBuf payload) {

    public static final int HEADER_BYTES = 12;

    /** Reads a packet; throws {@link IllegalArgumentException} naming what is wrong with a malformed one. */
    public static RtpPacket parse(ByteBuf packet) {
        int length = packet.readableBytes();
        if (length < HEADER_BYTES) {
            throw new IllegalArgumentException("RTP packet of " + length + " bytes is shorter than its header");
        }
        int base = packet.readerIndex();
        int first = packet.getUnsignedByte(base);
        if (first >> 6 != 2) {
            throw new IllegalArgumentException("RTP version " + (first >> 6) + ", expected 2");
        }
        int second = packet.getUnsignedByte(base + 1);
        int offset = HEADER_BYTES + 4 * (first & 0x0F);
        if ((first & 0x10) != 0) {
            if (length < offset + 4) {
                throw new IllegalArgumentException("RTP header extension cut short");
            }
            offset += 4 + 4 * packet.getUnsignedShort(base + offset + 2);
        }
        int end = length;
        if ((first & 0x20) != 0) {
            int padding = packet.getUnsignedByte(base + length - 1);
            end -= padding;
        }
        if (offset > end) {
            throw new IllegalArgumentException("RTP header and padding (" + offset + "+" + (length - end)
                    + " bytes) exceed the packet of " + length + " bytes");
        }
        return new RtpPacket((second & 0x80) != 0, second & 0x7F, packet.getUnsignedShort(base + 2),
                packet.getUnsignedInt(base + 4), packet.getUnsignedInt(base + 8), packet.slice(base + offset, end - offset));
    }

    /** Writes a 12-byte header (no CSRC, extension or padding) into {@code out}. */
    public static void writeHeader(ByteBuf out, boolean marker, int payloadType, int sequence, long timestamp,
            long ssrc) {
        out.writeByte(0x80);
        out.writeByte((marker ? 0x80 : 0) | (payloadType & 0x7F));
        out.writeShort(sequence);
        out.writeInt((int) timestamp);
        out.writeInt((int) ssrc);
    }
}

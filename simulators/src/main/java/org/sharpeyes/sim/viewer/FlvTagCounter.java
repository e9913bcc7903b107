package org.sharpeyes.sim.viewer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Reads an FLV byte stream as it arrives, in pieces of any size (HTTP chunks, WebSocket messages), and reports each
 * picture in its video tags (sequence headers aside) with whether it is a key frame: plain AVC, or enhanced FLV's
 * ex-header for H.265.
 */
final class FlvTagCounter {

    private static final int FILE_HEADER = 9 + 4;
    private static final int TAG_HEADER = 11;
    private static final int VIDEO = 9;

    /** Told of each picture. */
    interface Pictures {
        void picture(boolean keyFrame);
    }

    private final ByteBuf pending = Unpooled.buffer();
    private final Pictures pictures;
    private boolean headerSkipped;

    FlvTagCounter(Pictures pictures) {
        this.pictures = pictures;
    }

    /** Takes the next bytes of the stream (not released here). */
    void read(ByteBuf bytes) {
        pending.writeBytes(bytes, bytes.readerIndex(), bytes.readableBytes());
        if (!headerSkipped) {
            if (pending.readableBytes() < FILE_HEADER) {
                return;
            }
            pending.skipBytes(FILE_HEADER);
            headerSkipped = true;
        }
        while (pending.readableBytes() >= TAG_HEADER) {
            int start = pending.readerIndex();
            int type = pending.getUnsignedByte(start) & 0x1F;
            int size = pending.getUnsignedMedium(start + 1);
            if (pending.readableBytes() < TAG_HEADER + size + 4) {
                break;
            }
            if (type == VIDEO && size >= 2) {
                video(pending.getUnsignedByte(start + TAG_HEADER), pending.getUnsignedByte(start + TAG_HEADER + 1));
            }
            pending.skipBytes(TAG_HEADER + size + 4);
        }
        pending.discardReadBytes();
    }

    private void video(int first, int second) {
        boolean enhanced = (first & 0x80) != 0;
        boolean sequenceHeader = enhanced ? (first & 0x0F) == 0 : second == 0;
        if (!sequenceHeader) {
            pictures.picture((first & 0x70) == 0x10);
        }
    }

    void release() {
        pending.release();
    }
}

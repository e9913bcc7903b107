package org.sharpeyes.hub.media.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Binary WebSocket frames framed by hand (RFC 6455 section 5.2), so a media viewer's picture goes to the socket as
 * a small head of its own (frame header, then the container's per-viewer bytes) and the shared picture after it,
 * past Netty's frame encoder. Server frames are never masked, and the hub's media WebSockets negotiate no extension,
 * so the header is all there is to it.
 */
final class WebSocketFrames {

    /** Room kept at the front of a head for the longest frame header (2 bytes and a 64-bit length). */
    static final int MAX_HEADER_BYTES = 10;

    private static final int FIN_BINARY = 0x82;

    private WebSocketFrames() {
    }

    /** A buffer to write a frame's own bytes into, after room for its header; finish it with {@link #framed}. */
    static ByteBuf head(ByteBufAllocator allocator, int capacity) {
        ByteBuf head = allocator.buffer(MAX_HEADER_BYTES + capacity);
        head.writerIndex(MAX_HEADER_BYTES);
        head.readerIndex(MAX_HEADER_BYTES);
        return head;
    }

    /**
     * Puts the header of one final binary frame before what {@code head} holds, for a payload of those bytes and
     * {@code following} more sent after it.
     */
    static ByteBuf framed(ByteBuf head, int following) {
        long payload = (long) head.readableBytes() + following;
        int at;
        if (payload < 126) {
            at = MAX_HEADER_BYTES - 2;
            head.setByte(at + 1, (int) payload);
        } else if (payload <= 0xFFFF) {
            at = MAX_HEADER_BYTES - 4;
            head.setByte(at + 1, 126);
            head.setShort(at + 2, (int) payload);
        } else {
            at = 0;
            head.setByte(at + 1, 127);
            head.setLong(at + 2, payload);
        }
        head.setByte(at, FIN_BINARY);
        return head.readerIndex(at);
    }
}

package org.sharpeyes.adapters.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Splits an RTSP byte stream into interleaved binary frames and whole RTSP messages, for an RTSP decoder placed after
 * it: binary frames become {@link InterleavedFrame}s, each RTSP message (head up to the blank line, plus
 * {@code Content-Length} bytes of body) is passed on as one buffer. Netty's RTSP decoder cannot tell the two apart.
 *
 * <p>Memory: at most {@value #MAX_HEAD} bytes of message head and {@value #MAX_BODY} of body are buffered; a longer
 * message is a {@link TooLongFrameException}, and what was buffered is dropped. Bytes that start neither (garbage between messages, as broken cameras
 * send) are skipped up to the next {@code $} or letter and counted in {@link #skippedBytes()}.
 */
public final class InterleavedFrameDecoder extends ByteToMessageDecoder {

    public static final int MAX_HEAD = 16 * 1024;
    public static final int MAX_BODY = 64 * 1024;

    private long skippedBytes;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            byte first = in.getByte(in.readerIndex());
            if (first == '$') {
                if (in.readableBytes() < 4) {
                    return;
                }
                int channel = in.getUnsignedByte(in.readerIndex() + 1);
                int length = in.getUnsignedShort(in.readerIndex() + 2);
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                in.skipBytes(4);
                out.add(new InterleavedFrame(channel, in.readRetainedSlice(length)));
            } else if (isLetter(first)) {
                int end = messageEnd(in);
                if (end < 0) {
                    return;
                }
                out.add(in.readRetainedSlice(end - in.readerIndex()));
            } else {
                in.skipBytes(1);
                skippedBytes++;
            }
        }
    }

    /** The index just past the whole message starting at the reader index, or -1 while it is incomplete. */
    private static int messageEnd(ByteBuf in) {
        int start = in.readerIndex();
        int limit = Math.min(in.writerIndex(), start + MAX_HEAD);
        int headEnd = -1;
        for (int i = start; i + 3 < limit; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r'
                    && in.getByte(i + 3) == '\n') {
                headEnd = i + 4;
                break;
            }
        }
        if (headEnd < 0) {
            if (in.readableBytes() >= MAX_HEAD) {
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException("RTSP message head longer than " + MAX_HEAD + " bytes");
            }
            return -1;
        }
        int bodyLength = contentLength(in.toString(start, headEnd - start, StandardCharsets.ISO_8859_1));
        if (bodyLength > MAX_BODY) {
            in.skipBytes(in.readableBytes());
            throw new TooLongFrameException("RTSP message body of " + bodyLength + " bytes exceeds " + MAX_BODY);
        }
        return in.writerIndex() - headEnd >= bodyLength ? headEnd + bodyLength : -1;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    return Math.max(0, Integer.parseInt(line.substring(colon + 1).trim()));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static boolean isLetter(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }

    /** Bytes dropped because they began neither a frame nor a message. */
    public long skippedBytes() {
        return skippedBytes;
    }
}

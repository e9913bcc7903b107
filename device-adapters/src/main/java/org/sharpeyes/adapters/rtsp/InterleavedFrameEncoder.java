package org.sharpeyes.adapters.rtsp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** Writes an {@link InterleavedFrame} as its 4-byte header followed by the packet itself, which is never copied. */
@ChannelHandler.Sharable
public final class InterleavedFrameEncoder extends MessageToMessageEncoder<InterleavedFrame> {

    @Override
    protected void encode(ChannelHandlerContext ctx, InterleavedFrame frame, List<Object> out) {
        int length = frame.content().readableBytes();
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("an interleaved packet holds at most 65535 bytes, got " + length);
        }
        out.add(ctx.alloc().buffer(4).writeByte('$').writeByte(frame.channel()).writeShort(length));
        out.add(frame.content().retain());
    }
}

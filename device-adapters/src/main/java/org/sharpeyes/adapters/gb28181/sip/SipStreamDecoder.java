package org.sharpeyes.adapters.gb28181.sip;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Cuts SIP over TCP into {@link SipMessage}s by Content-Length, skipping the CRLF keep-alives between them. When the
 * framing is lost (a bad start line or Content-Length) nothing after it can be trusted: the connection is closed and
 * {@code broken} told which one and why.
 */
public final class SipStreamDecoder extends ByteToMessageDecoder {

    private final BiConsumer<ChannelHandlerContext, String> broken;

    public SipStreamDecoder(BiConsumer<ChannelHandlerContext, String> broken) {
        this.broken = broken;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            in.skipBytes(SipParser.blankPrefix(in));
            try {
                int length = SipParser.frameLength(in);
                if (length < 0) {
                    return;
                }
                out.add(SipParser.parseFrame(in, length));
                in.skipBytes(length);
            } catch (SipParseException e) {
                in.skipBytes(in.readableBytes());
                broken.accept(ctx, e.getMessage());
                ctx.close();
                return;
            }
        }
    }
}

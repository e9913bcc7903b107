package org.sharpeyes.hub.media.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebSocketFramesTest {

    /** Each length form (7-bit, 16-bit, 64-bit), at and around its edges, as a client's decoder reads it. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 300_000})
    void aHandFramedMessageIsOneBinaryFrameToAClientDecoder(int payload) {
        int own = Math.min(payload, 11);
        ByteBuf head = WebSocketFrames.head(ByteBufAllocator.DEFAULT, 16);
        for (int i = 0; i < own; i++) {
            head.writeByte(i);
        }
        byte[] rest = new byte[payload - own];
        for (int i = 0; i < rest.length; i++) {
            rest[i] = (byte) (i * 7);
        }
        ByteBuf wire = Unpooled.wrappedBuffer(WebSocketFrames.framed(head, rest.length), Unpooled.wrappedBuffer(rest));
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
        client.writeInbound(wire);
        BinaryWebSocketFrame frame = client.readInbound();
        assertThat(frame).isNotNull();
        assertThat(frame.isFinalFragment()).isTrue();
        assertThat(frame.content().readableBytes()).isEqualTo(payload);
        for (int i = 0; i < own; i++) {
            assertThat(frame.content().getByte(i)).isEqualTo((byte) i);
        }
        for (int i = 0; i < rest.length; i++) {
            assertThat(frame.content().getByte(own + i)).isEqualTo((byte) (i * 7));
        }
        frame.release();
        assertThat((Object) client.readInbound()).isNull();
        client.finishAndReleaseAll();
    }
}

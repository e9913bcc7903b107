package org.sharpeyes.adapters.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InterleavedFrameDecoderTest {

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    private static ByteBuf frame(int channel, int length) {
        ByteBuf frame = Unpooled.buffer().writeByte('$').writeByte(channel).writeShort(length);
        for (int i = 0; i < length; i++) {
            frame.writeByte(i);
        }
        return frame;
    }

    @Test
    void separatesFramesFromMessagesWithBodies() {
        EmbeddedChannel channel = new EmbeddedChannel(new InterleavedFrameDecoder());
        String reply = "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: 5\r\n\r\nv=0\r\n";
        ByteBuf all = Unpooled.buffer();
        all.writeBytes(frame(0, 10)).writeBytes(bytes(reply)).writeBytes(frame(1, 3));
        channel.writeInbound(all);
        InterleavedFrame first = channel.readInbound();
        assertThat(first.channel()).isZero();
        assertThat(first.content().readableBytes()).isEqualTo(10);
        first.release();
        ByteBuf message = channel.readInbound();
        assertThat(message.toString(StandardCharsets.ISO_8859_1)).isEqualTo(reply);
        message.release();
        InterleavedFrame second = channel.readInbound();
        assertThat(second.channel()).isEqualTo(1);
        second.release();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void waitsForFramesAndMessagesSplitAcrossReads() {
        EmbeddedChannel channel = new EmbeddedChannel(new InterleavedFrameDecoder());
        ByteBuf frame = frame(2, 100);
        channel.writeInbound(frame.readRetainedSlice(3));
        channel.writeInbound(frame.readRetainedSlice(50));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(frame);
        InterleavedFrame done = channel.readInbound();
        assertThat(done.content().readableBytes()).isEqualTo(100);
        assertThat(done.content().getByte(99)).isEqualTo((byte) 99);
        done.release();
        channel.writeInbound(bytes("OPTIONS rtsp://h/ RTSP/1.0\r\nCSeq: 1\r\n"));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(bytes("\r\n"));
        ByteBuf message = channel.readInbound();
        assertThat(message.toString(StandardCharsets.ISO_8859_1)).startsWith("OPTIONS").endsWith("\r\n\r\n");
        message.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void skipsGarbageBetweenMessagesAndCountsIt() {
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        ByteBuf in = Unpooled.buffer().writeBytes(new byte[] {0, 1, 2, (byte) 0xFF}).writeBytes(frame(0, 4));
        channel.writeInbound(in);
        InterleavedFrame frame = channel.readInbound();
        assertThat(frame.content().readableBytes()).isEqualTo(4);
        frame.release();
        assertThat(decoder.skippedBytes()).isEqualTo(4);
        channel.finishAndReleaseAll();
    }

    @Test
    void refusesAMessageHeadThatNeverEnds() {
        EmbeddedChannel channel = new EmbeddedChannel(new InterleavedFrameDecoder());
        assertThatThrownBy(() -> channel.writeInbound(bytes("X" + "a".repeat(InterleavedFrameDecoder.MAX_HEAD))))
                .isInstanceOf(DecoderException.class).hasMessageContaining("longer than");
        channel.finishAndReleaseAll();
    }

    @Test
    void survivesRandomBytes() {
        Random random = new Random(3);
        for (int round = 0; round < 500; round++) {
            EmbeddedChannel channel = new EmbeddedChannel(new InterleavedFrameDecoder());
            byte[] junk = new byte[random.nextInt(2000)];
            random.nextBytes(junk);
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(junk));
            } catch (DecoderException tooLong) {
                assertThat(tooLong).hasMessageContaining("exceeds");
            }
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void encoderWritesHeaderThenTheSamePacket() {
        EmbeddedChannel channel = new EmbeddedChannel(new InterleavedFrameEncoder());
        ByteBuf packet = Unpooled.wrappedBuffer(new byte[] {9, 8, 7});
        channel.writeOutbound(new InterleavedFrame(3, packet));
        ByteBuf header = channel.readOutbound();
        assertThat(header.readableBytes()).isEqualTo(4);
        assertThat(header.getByte(0)).isEqualTo((byte) '$');
        assertThat(header.getByte(1)).isEqualTo((byte) 3);
        assertThat(header.getShort(2)).isEqualTo((short) 3);
        ByteBuf body = channel.readOutbound();
        assertThat(body).isSameAs(packet);
        header.release();
        body.release();
        assertThat(packet.refCnt()).isZero();
    }
}

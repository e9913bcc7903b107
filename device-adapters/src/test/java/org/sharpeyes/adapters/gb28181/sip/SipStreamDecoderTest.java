package org.sharpeyes.adapters.gb28181.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SipStreamDecoderTest {

    private static final String MESSAGE = "MESSAGE sip:51012200002000000001@5101220000 SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK1\r\nCall-ID: c1\r\nCSeq: 1 MESSAGE\r\n"
            + "Content-Length: 5\r\n\r\nhello";

    @Test
    void cutsMessagesAndKeepAlivesWhereverTheStreamIsSplit() {
        byte[] wire = (MESSAGE + "\r\n\r\n" + MESSAGE).getBytes(StandardCharsets.US_ASCII);
        for (int cut = 1; cut < wire.length; cut++) {
            EmbeddedChannel channel = new EmbeddedChannel(new SipStreamDecoder((ctx, what) -> { }));
            channel.writeInbound(Unpooled.wrappedBuffer(wire, 0, cut));
            channel.writeInbound(Unpooled.wrappedBuffer(wire, cut, wire.length - cut));
            List<SipMessage> messages = new ArrayList<>();
            for (SipMessage message; (message = channel.readInbound()) != null; ) {
                messages.add(message);
            }
            assertThat(messages).as("cut at %d", cut).hasSize(2).allSatisfy(message -> {
                assertThat(message.method()).isEqualTo("MESSAGE");
                assertThat(new String(message.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            });
            assertThat(channel.isOpen()).isTrue();
        }
    }

    @Test
    void closesTheConnectionWhenTheFramingIsLostAndSaysWhy() {
        List<String> broken = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamDecoder((ctx, what) -> broken.add(what)));
        channel.writeInbound(Unpooled.copiedBuffer(MESSAGE.replace("Content-Length: 5", "Content-Length: five"),
                StandardCharsets.US_ASCII));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(broken).singleElement().asString().contains("Content-Length");
    }
}

package org.sharpeyes.adapters.gb28181.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipParserTest {

    private static final String REGISTER = "REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.168.1.64:5060;rport;branch=z9hG4bK1371463273\r\n"
            + "From: <sip:34020000001320000001@3402000000>;tag=2043466181\r\n"
            + "To: <sip:34020000001320000001@3402000000>\r\n"
            + "Call-ID: 1011047669\r\n"
            + "CSeq: 1 REGISTER\r\n"
            + "Contact: <sip:34020000001320000001@192.168.1.64:5060>\r\n"
            + "Max-Forwards: 70\r\n"
            + "User-Agent: IP Camera\r\n"
            + "Expires: 3600\r\n"
            + "Content-Length: 0\r\n\r\n";

    private static ByteBuf bytes(String text, Charset charset) {
        return Unpooled.wrappedBuffer(text.getBytes(charset));
    }

    @Test
    void readsADevicesRegisterAndItsHeaderParts() throws Exception {
        SipMessage register = SipParser.parseDatagram(bytes(REGISTER, StandardCharsets.US_ASCII));

        assertThat(register.isRequest()).isTrue();
        assertThat(register.method()).isEqualTo("REGISTER");
        assertThat(register.uri()).isEqualTo("sip:34020000002000000001@3402000000");
        assertThat(register.cseqNumber()).isEqualTo(1);
        assertThat(register.cseqMethod()).isEqualTo("REGISTER");
        assertThat(register.topBranch()).isEqualTo("z9hG4bK1371463273");
        assertThat(SipHeaders.parameter(register.header("via"), "rport")).isEmpty();
        assertThat(SipHeaders.parameter(register.header("From"), "tag")).isEqualTo("2043466181");
        assertThat(SipHeaders.parameter(register.header("To"), "tag")).isNull();
        assertThat(SipHeaders.user(SipHeaders.uri(register.header("From")))).isEqualTo("34020000001320000001");
        assertThat(SipHeaders.hostPort(SipHeaders.uri(register.header("Contact")))).isEqualTo("192.168.1.64:5060");
        assertThat(register.body()).isEmpty();
    }

    @Test
    void readsBareLineFeedsFoldedLinesCompactNamesAndAGb2312Body() throws Exception {
        Charset gb2312 = Charset.forName("GB2312");
        String xml = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<Notify><Name>南门摄像机</Name></Notify>\n";
        byte[] body = xml.getBytes(gb2312);
        String text = "MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\n"
                + "v: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKa,\n SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKb\n"
                + "f: <sip:34020000001320000001@3402000000>;tag=1\n"
                + "i: abc\nCSeq: 20 MESSAGE\nc: Application/MANSCDP+xml\nl: " + body.length + "\n\n";
        ByteBuf datagram = Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII), body);
        SipMessage message = SipParser.parseDatagram(datagram);

        assertThat(message.header("Call-ID")).isEqualTo("abc");
        assertThat(message.header("Content-Type")).isEqualTo("Application/MANSCDP+xml");
        assertThat(SipHeaders.list(message.header("Via"))).hasSize(2);
        assertThat(message.topBranch()).isEqualTo("z9hG4bKa");
        assertThat(new String(message.body(), gb2312)).isEqualTo(xml);
    }

    @Test
    void takesTheRestOfADatagramAsTheBodyWithoutContentLengthAndRefusesAShortOne() throws Exception {
        String head = "MESSAGE sip:a@b SIP/2.0\r\nCSeq: 1 MESSAGE\r\n\r\n";
        assertThat(SipParser.parseDatagram(bytes(head + "<x/>", StandardCharsets.US_ASCII)).body())
                .isEqualTo("<x/>".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> SipParser.parseDatagram(bytes(head.replace("\r\n\r\n",
                "\r\nContent-Length: 10\r\n\r\n") + "<x/>", StandardCharsets.US_ASCII)))
                .isInstanceOf(SipParseException.class).hasMessageContaining("Content-Length 10 but only 4 bytes");
    }

    @Test
    void readsAResponseAndRefusesBrokenStartLinesAndHeadersSayingWhat() throws Exception {
        SipMessage ok = SipParser.parseDatagram(bytes("SIP/2.0 401 Unauthorized\r\nCSeq: 1 REGISTER\r\n"
                + "WWW-Authenticate: Digest realm=\"3402000000\", nonce=\"abc\", qop=\"auth\"\r\n\r\n",
                StandardCharsets.US_ASCII));
        assertThat(ok.isRequest()).isFalse();
        assertThat(ok.status()).isEqualTo(401);
        assertThat(ok.reason()).isEqualTo("Unauthorized");

        assertThatThrownBy(() -> SipParser.parseDatagram(bytes("HELLO\r\n\r\n", StandardCharsets.US_ASCII)))
                .hasMessageContaining("start line is neither").hasMessageContaining("HELLO");
        assertThatThrownBy(() -> SipParser.parseDatagram(bytes("SIP/2.0 99 Odd\r\n\r\n", StandardCharsets.US_ASCII)))
                .hasMessageContaining("no status code from 100 to 699");
        assertThatThrownBy(() -> SipParser.parseDatagram(bytes("OPTIONS sip:a@b SIP/2.0\r\nno colon here\r\n\r\n",
                StandardCharsets.US_ASCII))).hasMessageContaining("header line 2 has no name");
        assertThatThrownBy(() -> SipParser.parseDatagram(bytes("OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\n",
                StandardCharsets.US_ASCII))).hasMessageContaining("no empty line ends the headers");
    }

    @Test
    void framesMessagesOnATcpStreamWhateverTheCutsAndSkipsKeepAlives() throws Exception {
        SipMessage message = SipMessage.request("MESSAGE", "sip:34020000001320000001@3402000000")
                .add("Via", "SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK7").add("CSeq", "3 MESSAGE")
                .body("<Query/>".getBytes(StandardCharsets.US_ASCII), "Application/MANSCDP+xml");
        ByteBuf one = message.encode(ByteBufAllocator.DEFAULT);
        byte[] wire = new byte[one.readableBytes()];
        one.readBytes(wire);
        one.release();
        ByteBuf stream = Unpooled.buffer();
        stream.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).writeBytes(wire).writeBytes(wire);
        int found = 0;
        ByteBuf in = Unpooled.buffer();
        while (stream.isReadable()) {
            in.writeByte(stream.readByte());
            in.skipBytes(SipParser.blankPrefix(in));
            int length = SipParser.frameLength(in);
            if (length > 0) {
                SipMessage read = SipParser.parseFrame(in, length);
                in.skipBytes(length);
                assertThat(read.method()).isEqualTo("MESSAGE");
                assertThat(read.body()).isEqualTo("<Query/>".getBytes(StandardCharsets.US_ASCII));
                assertThat(read.header("Content-Type")).isEqualTo("Application/MANSCDP+xml");
                found++;
            }
        }
        assertThat(found).isEqualTo(2);
        assertThatThrownBy(() -> SipParser.frameLength(bytes("MESSAGE sip:a@b SIP/2.0\r\nCSeq: 1 MESSAGE\r\n\r\nx",
                StandardCharsets.US_ASCII))).hasMessageContaining("over TCP without Content-Length");
    }
}

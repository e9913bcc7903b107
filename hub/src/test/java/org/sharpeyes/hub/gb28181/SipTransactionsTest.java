package org.sharpeyes.hub.gb28181;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;
import org.sharpeyes.adapters.gb28181.sip.SipParser;
import org.sharpeyes.adapters.net.Transport;

/** Client transactions over a real UDP socket, with T1 at 50 ms so the timers run quickly. */
class SipTransactionsTest {

    private EventLoopGroup loops;
    private SipTransactions transactions;
    private SipEndpoint endpoint;
    private DatagramSocket device;

    @BeforeEach
    void start() throws Exception {
        loops = Transport.loops(1);
        transactions = new SipTransactions(loops.next(), transaction -> transaction.respond(200, "OK"), 50);
        endpoint = new SipEndpoint(loops, transactions, new SimpleMeterRegistry().counter("malformed"));
        endpoint.start("127.0.0.1", 0);
        device = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        device.setSoTimeout(10_000);
    }

    @AfterEach
    void stop() {
        device.close();
        endpoint.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private CompletableFuture<SipMessage> query(String branch) {
        SipMessage request = SipMessage.request("MESSAGE", "sip:51012200001320000001@127.0.0.1")
                .add("Via", "SIP/2.0/UDP 127.0.0.1:" + endpoint.port() + ";branch=" + branch)
                .add("From", "<sip:51012200002000000001@5101220000>;tag=1")
                .add("To", "<sip:51012200001320000001@5101220000>").add("Call-ID", branch).add("CSeq", "1 MESSAGE");
        return transactions.send(request, new SipPeer(false, new InetSocketAddress("127.0.0.1",
                device.getLocalPort()), endpoint.udp()));
    }

    private SipMessage receive() throws Exception {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        device.receive(packet);
        return SipParser.parseDatagram(Unpooled.wrappedBuffer(buffer, 0, packet.getLength()));
    }

    private void answer(SipMessage request, int status) throws Exception {
        SipMessage response = SipMessage.response(status, status == 100 ? "Trying" : "OK")
                .add("Via", request.header("Via")).add("From", request.header("From"))
                .add("To", request.header("To") + ";tag=2").add("Call-ID", request.header("Call-ID"))
                .add("CSeq", request.header("CSeq"));
        ByteBuf bytes = response.encode(ByteBufAllocator.DEFAULT);
        byte[] wire = new byte[bytes.readableBytes()];
        bytes.readBytes(wire);
        bytes.release();
        device.send(new DatagramPacket(wire, wire.length, new InetSocketAddress("127.0.0.1", endpoint.port())));
    }

    @Test
    void retransmitsAnUnansweredRequestWithTheSameBranchAndCompletesOnTheAnswer() throws Exception {
        CompletableFuture<SipMessage> answer = query("z9hG4bKt1");
        SipMessage first = receive();
        SipMessage second = receive();
        SipMessage third = receive();
        assertThat(second.topBranch()).isEqualTo(first.topBranch()).isEqualTo(third.topBranch());
        assertThat(answer).isNotDone();

        answer(third, 100);
        answer(third, 200);
        assertThat(answer.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void failsAfterSixtyFourT1WithoutAnAnswerAndIgnoresAnswersAfterIt() throws Exception {
        CompletableFuture<SipMessage> answer = query("z9hG4bKt2");
        SipMessage request = receive();
        ExecutionException failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> answer.get(20, TimeUnit.SECONDS), ExecutionException.class);
        assertThat(failure.getCause()).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("MESSAGE to UDP 127.0.0.1:" + device.getLocalPort())
                .hasMessageContaining("no final answer in 3200 ms");
        answer(request, 200);
    }
}

package org.sharpeyes.adapters.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The client side of an RTSP connection, bytes in and out of an EmbeddedChannel (issue #18). */
class RtspClientSessionTest {

    private final List<String> frames = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    private RtspClientSession session(String username, String password) {
        RtspClientSession session = new RtspClientSession(new RtspClientSession.Options("test-agent", username,
                password, 1_000, 0, frame -> frames.add(frame.channel() + ":"
                        + frame.content().toString(StandardCharsets.US_ASCII))));
        RtspCodecs.addTo(channel.pipeline()).addLast(session);
        return session;
    }

    /** The next request written, whole (the encoder may write its head and body apart). */
    private String sent() {
        channel.runPendingTasks();
        StringBuilder request = new StringBuilder();
        for (ByteBuf bytes; (bytes = channel.readOutbound()) != null;) {
            request.append(bytes.toString(StandardCharsets.US_ASCII));
            ReferenceCountUtil.safeRelease(bytes);
            if (request.indexOf("\r\n\r\n") >= 0 && !request.toString().contains("Content-Length")) {
                break;
            }
        }
        return request.toString();
    }

    private void answer(String... lines) {
        channel.writeInbound(Unpooled.copiedBuffer(String.join("\r\n", lines) + "\r\n\r\n",
                StandardCharsets.US_ASCII));
    }

    @Test
    void numbersRequestsAndMatchesAnswersByCseq() {
        RtspClientSession session = session("", "");
        CompletableFuture<RtspResponse> options = session.request(RtspMethods.OPTIONS, "rtsp://cam/1", Map.of());
        assertThat(sent()).startsWith("OPTIONS rtsp://cam/1 RTSP/1.0\r\n").contains("CSeq: 1\r\n")
                .contains("User-Agent: test-agent\r\n");
        CompletableFuture<RtspResponse> describe = session.request(RtspMethods.DESCRIBE, "rtsp://cam/1",
                Map.of("Accept", "application/sdp"));
        assertThat(sent()).startsWith("DESCRIBE").contains("CSeq: 2\r\n").contains("Accept: application/sdp\r\n");
        answer("RTSP/1.0 404 Not Found", "CSeq: 2");
        answer("RTSP/1.0 200 OK", "CSeq: 1", "Public: OPTIONS, DESCRIBE, GET_PARAMETER");
        assertThat(describe.join().statusLine()).isEqualTo("404 Not Found");
        assertThat(options.join().isOk()).isTrue();
        assertThat(RtspClientSession.keepAliveMethod(options.join().header("Public", "")))
                .isEqualTo(RtspMethods.GET_PARAMETER);
    }

    @Test
    void answersADigestChallengeOnceAndSignsEveryLaterRequest() {
        RtspClientSession session = session("admin", "12345");
        CompletableFuture<RtspResponse> describe = session.request(RtspMethods.DESCRIBE, "rtsp://cam/1", Map.of());
        assertThat(sent()).doesNotContain("Authorization");
        answer("RTSP/1.0 401 Unauthorized", "CSeq: 1", "WWW-Authenticate: Basic realm=\"cam\"",
                "WWW-Authenticate: Digest realm=\"cam\", nonce=\"4d2b\"");
        assertThat(describe).isNotDone();
        assertThat(sent()).contains("CSeq: 2\r\n").contains("Authorization: Digest username=\"admin\"")
                .contains("nonce=\"4d2b\"");
        answer("RTSP/1.0 401 Unauthorized", "CSeq: 2", "WWW-Authenticate: Digest realm=\"cam\", nonce=\"4d2b\"");
        assertThat(describe.join().status()).as("a login refused twice is the caller's to report").isEqualTo(401);
        session.request(RtspMethods.SETUP, "rtsp://cam/1/trackID=0", Map.of());
        assertThat(sent()).contains("Authorization: Digest username=\"admin\"");
    }

    @Test
    void withoutALoginA401IsTheAnswer() {
        RtspClientSession session = session("", "");
        CompletableFuture<RtspResponse> describe = session.request(RtspMethods.DESCRIBE, "rtsp://cam/1", Map.of());
        sent();
        answer("RTSP/1.0 401 Unauthorized", "CSeq: 1", "WWW-Authenticate: Digest realm=\"cam\", nonce=\"1\"");
        assertThat(describe.join().status()).isEqualTo(401);
    }

    @Test
    void keepsTheSessionItWasGivenAndItsTimeout() {
        RtspClientSession session = session("", "");
        CompletableFuture<RtspResponse> setup = session.request(RtspMethods.SETUP, "rtsp://cam/1/trackID=0",
                Map.of("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
        sent();
        answer("RTSP/1.0 200 OK", "CSeq: 1", "Session: 7F3A;timeout=30", "Transport: RTP/AVP/TCP;interleaved=0-1");
        assertThat(setup.join().isOk()).isTrue();
        assertThat(session.sessionId()).isEqualTo("7F3A");
        assertThat(session.sessionTimeoutSeconds()).isEqualTo(30);
        session.request(RtspMethods.PLAY, "rtsp://cam/1", Map.of());
        assertThat(sent()).contains("Session: 7F3A\r\n");
    }

    @Test
    void takesAnAnswerWithoutCseqForTheOldestRequestAndHandsOnInterleavedFrames() {
        RtspClientSession session = session("", "");
        CompletableFuture<RtspResponse> play = session.request(RtspMethods.PLAY, "rtsp://cam/1", Map.of());
        sent();
        answer("RTSP/1.0 200 OK", "Range: npt=0.000-");
        assertThat(play.join().isOk()).isTrue();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'$', 0, 0, 4, 'a', 'b', 'c', 'd', '$', 2, 0, 1, 'x'}));
        assertThat(frames).containsExactly("0:abcd", "2:x");
    }

    @Test
    void failsWhatIsStillWaitingWhenTheConnectionCloses() {
        RtspClientSession session = session("", "");
        CompletableFuture<RtspResponse> describe = session.request(RtspMethods.DESCRIBE, "rtsp://cam/1", Map.of());
        sent();
        channel.close();
        channel.runPendingTasks();
        assertThat(describe).isCompletedExceptionally();
        assertThat(session.closed()).isDone();
        assertThat(session.closeCause()).isNull();
        CompletableFuture<RtspResponse> late = session.request(RtspMethods.OPTIONS, "rtsp://cam/1", Map.of());
        channel.runPendingTasks();
        assertThat(late).isCompletedExceptionally();
    }
}

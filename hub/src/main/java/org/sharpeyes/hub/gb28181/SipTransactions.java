package org.sharpeyes.hub.gb28181;

import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.sharpeyes.adapters.gb28181.sip.SipHeaders;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;

/**
 * The SIP transaction layer (RFC 3261 section 17), all on one event loop. Client transactions retransmit a request
 * over UDP (timers A and E: T1 doubling, capped at T2 for non-INVITE) until a response comes, and fail after 64 T1
 * (timers B and F); a non-2xx final answer to an INVITE is acknowledged here. Server transactions take a request
 * once: a retransmission of it is answered with the response already sent, or ignored while the answer is being made,
 * and the transaction is remembered for 64 T1 (timer J). Responses are matched by the top Via's branch and the CSeq
 * method; a response matching nothing, and an ACK to a 2xx, go to the layer above.
 */
final class SipTransactions {

    static final long T1_MILLIS = 500;
    static final long T2_MILLIS = 4_000;
    static final long TIMEOUT_MILLIS = 64 * T1_MILLIS;

    /** What the layer above is given: new requests, and messages outside any transaction. */
    interface Above {
        void request(ServerTransaction transaction);

        /** An ACK to a 2xx, or a response no transaction waits for. */
        default void stray(SipMessage message, SipPeer from) {
        }
    }

    private final EventLoop loop;
    private final Above above;
    private final Map<String, ClientTransaction> clients = new HashMap<>();
    private final Map<String, ServerTransaction> servers = new HashMap<>();
    private final long t1Millis;

    SipTransactions(EventLoop loop, Above above) {
        this(loop, above, T1_MILLIS);
    }

    /** With a T1 of its own (tests shorten the timers). */
    SipTransactions(EventLoop loop, Above above, long t1Millis) {
        this.loop = loop;
        this.above = above;
        this.t1Millis = t1Millis;
    }

    EventLoop loop() {
        return loop;
    }

    /** A message read from {@code from}; called on any thread. */
    void received(SipMessage message, SipPeer from) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> received(message, from));
            return;
        }
        if (message.isRequest()) {
            request(message, from);
        } else {
            response(message, from);
        }
    }

    /**
     * Sends a request as a client transaction; the future completes with the final response (provisional ones
     * only stretch the retransmission interval), or fails with a {@link TimeoutException} after 64 T1.
     */
    CompletableFuture<SipMessage> send(SipMessage request, SipPeer to) {
        CompletableFuture<SipMessage> answer = new CompletableFuture<>();
        loop.execute(() -> {
            String key = key(request.topBranch(), request.method());
            ClientTransaction transaction = new ClientTransaction(key, request, to, answer);
            clients.put(key, transaction);
            to.send(request);
            if (!to.tcp()) {
                transaction.retransmitIn(t1Millis);
            }
            transaction.timeout = loop.schedule(() -> transaction.fail(new TimeoutException(request.method()
                    + " to " + to + " had no final answer in " + (64 * t1Millis) + " ms")), 64 * t1Millis,
                    TimeUnit.MILLISECONDS);
        });
        return answer;
    }

    /** Sends a message outside any transaction (an ACK to a 2xx, a response retransmitted by the layer above). */
    void sendStateless(SipMessage message, SipPeer to) {
        loop.execute(() -> to.send(message));
    }

    private void request(SipMessage request, SipPeer from) {
        String method = "ACK".equals(request.method()) ? "INVITE" : request.method();
        String key = key(request.topBranch(), method) + "|" + sentBy(request);
        ServerTransaction existing = servers.get(key);
        if ("ACK".equals(request.method())) {
            if (existing == null || existing.response == null || existing.response.status() < 300) {
                above.stray(request, from);
            }
            return;
        }
        if (existing != null) {
            if (existing.response != null) {
                from.send(existing.response);
            }
            return;
        }
        ServerTransaction transaction = new ServerTransaction(key, request, from);
        if (request.topBranch() != null) {
            servers.put(key, transaction);
            loop.schedule(() -> servers.remove(key, transaction), 64 * t1Millis, TimeUnit.MILLISECONDS);
        }
        above.request(transaction);
    }

    private void response(SipMessage response, SipPeer from) {
        ClientTransaction transaction = clients.get(key(response.topBranch(), response.cseqMethod()));
        if (transaction == null) {
            above.stray(response, from);
            return;
        }
        if (response.status() < 200) {
            transaction.provisional = true;
            return;
        }
        if ("INVITE".equals(transaction.request.method()) && response.status() >= 300) {
            transaction.to.send(ackFor(transaction.request, response));
        }
        transaction.complete(response);
    }

    /** The ACK of a non-2xx final answer: same branch, To from the answer (RFC 3261 section 17.1.1.3). */
    private static SipMessage ackFor(SipMessage invite, SipMessage response) {
        SipMessage ack = SipMessage.request("ACK", invite.uri());
        ack.add("Via", SipHeaders.firstOfList(invite.header("Via")));
        ack.add("From", invite.header("From"));
        ack.add("To", response.header("To"));
        ack.add("Call-ID", invite.header("Call-ID"));
        ack.add("CSeq", invite.cseqNumber() + " ACK");
        ack.add("Max-Forwards", "70");
        return ack;
    }

    private static String key(String branch, String method) {
        return branch + "|" + method;
    }

    private static String sentBy(SipMessage request) {
        String via = request.header("Via");
        if (via == null) {
            return "";
        }
        String top = SipHeaders.firstOfList(via);
        int space = top.indexOf(' ');
        int semicolon = top.indexOf(';');
        return top.substring(space < 0 ? 0 : space + 1, semicolon < 0 ? top.length() : semicolon).trim();
    }

    /** A request being answered; {@link #respond} may be called from any thread, once for a final answer. */
    final class ServerTransaction {
        private final String key;
        private final SipMessage request;
        private final SipPeer from;
        private SipMessage response;

        private ServerTransaction(String key, SipMessage request, SipPeer from) {
            this.key = key;
            this.request = request;
            this.from = from;
        }

        SipMessage request() {
            return request;
        }

        SipPeer from() {
            return from;
        }

        /** Sends a response made from the request; returns it so headers can be added before with {@code extra}. */
        void respond(int status, String reason, Consumer<SipMessage> extra) {
            SipMessage made = SipResponses.to(request, from, status, reason);
            extra.accept(made);
            respond(made);
        }

        void respond(int status, String reason) {
            respond(status, reason, message -> { });
        }

        void respond(SipMessage made) {
            if (!loop.inEventLoop()) {
                loop.execute(() -> respond(made));
                return;
            }
            if (made.status() >= 200) {
                response = made;
            }
            from.send(made);
        }

        @Override
        public String toString() {
            return request + " from " + from + " (" + key + ")";
        }
    }

    /** A request sent and its timers. */
    private final class ClientTransaction {
        private final String key;
        private final SipMessage request;
        private final SipPeer to;
        private final CompletableFuture<SipMessage> answer;
        private ScheduledFuture<?> retransmit;
        private ScheduledFuture<?> timeout;
        private boolean provisional;

        private ClientTransaction(String key, SipMessage request, SipPeer to, CompletableFuture<SipMessage> answer) {
            this.key = key;
            this.request = request;
            this.to = to;
            this.answer = answer;
        }

        void retransmitIn(long millis) {
            retransmit = loop.schedule(() -> {
                if (answer.isDone()) {
                    return;
                }
                boolean invite = "INVITE".equals(request.method());
                if (invite && provisional) {
                    return;
                }
                to.send(request);
                long t2 = t1Millis * (T2_MILLIS / T1_MILLIS);
                long next = invite ? millis * 2 : Math.min(provisional ? t2 : millis * 2, t2);
                retransmitIn(next);
            }, millis, TimeUnit.MILLISECONDS);
        }

        void complete(SipMessage response) {
            clients.remove(key, this);
            cancelTimers();
            answer.complete(response);
        }

        void fail(Throwable error) {
            clients.remove(key, this);
            cancelTimers();
            answer.completeExceptionally(error);
        }

        private void cancelTimers() {
            if (retransmit != null) {
                retransmit.cancel(false);
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }
}

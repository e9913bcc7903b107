package org.sharpeyes.adapters.rtsp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.sharpeyes.adapters.net.Transport;

/**
 * The client side of one RTSP connection, with no media or domain state: requests numbered by CSeq and their answers
 * matched to them, a Basic or Digest challenge answered once with the login given (and every later request signed),
 * the {@code Session} kept from the answer that set it and sent on, keep-alives within the session's timeout, and the
 * interleaved frames handed to the caller. Used by the pull, the status probe and RTSP PTZ alike; all its state lives
 * on the connection's event loop.
 */
public final class RtspClientSession extends SimpleChannelInboundHandler<Object> {

    /**
     * How to open a session: the login ({@code username} empty for none), how long to wait for the connection, how
     * long the server may stay silent before the session closes (0: no limit), and who takes interleaved frames
     * (called on the event loop; the frame is released after).
     */
    public record Options(String userAgent, String username, String password, int connectTimeoutMillis,
            int silenceMillis, Consumer<InterleavedFrame> frames) {
    }

    /** A request waiting for its answer; sent again once, signed, when the server asks for a login. */
    private record Pending(HttpMethod method, String uri, Map<String, String> headers, byte[] body,
            CompletableFuture<RtspResponse> result, boolean signed) {
    }

    private final Options options;
    private final TreeMap<Integer, Pending> pending = new TreeMap<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private int cseq;
    private Authenticator authenticator;
    private String sessionId;
    private int sessionTimeoutSeconds = SessionHeader.DEFAULT_TIMEOUT;
    private ScheduledFuture<?> keepAlive;
    private Throwable closeCause;

    RtspClientSession(Options options) {
        this.options = options;
    }

    /**
     * Connects to {@code url}'s host and port (554 when none). Fails with the connection's own exception when the
     * server cannot be reached.
     */
    public static CompletableFuture<RtspClientSession> open(EventLoopGroup group, URI url, Options options) {
        RtspClientSession session = new RtspClientSession(options);
        CompletableFuture<RtspClientSession> opened = new CompletableFuture<>();
        new Bootstrap().group(group).channel(Transport.socketChannel(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (options.silenceMillis() > 0) {
                            ch.pipeline().addLast("silence", new ReadTimeoutHandler(options.silenceMillis(),
                                    TimeUnit.MILLISECONDS));
                        }
                        RtspCodecs.addTo(ch.pipeline()).addLast("session", session);
                    }
                }).connect(url.getHost(), port(url)).addListener(done -> {
                    if (done.isSuccess()) {
                        opened.complete(session);
                    } else {
                        opened.completeExceptionally(done.cause());
                    }
                });
        return opened;
    }

    /** The port of an {@code rtsp://} URL, 554 when it names none. */
    public static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : 554;
    }

    /** The connection, for its event loop, allocator and addresses. */
    public Channel channel() {
        return ctx.channel();
    }

    /** Sends a request without a body. */
    public CompletableFuture<RtspResponse> request(HttpMethod method, String uri, Map<String, String> headers) {
        return request(method, uri, headers, null);
    }

    /**
     * Sends a request; completes with the server's answer (whatever its status), or fails when the connection ends
     * before one comes.
     */
    public CompletableFuture<RtspResponse> request(HttpMethod method, String uri, Map<String, String> headers,
            byte[] body) {
        CompletableFuture<RtspResponse> result = new CompletableFuture<>();
        channel().eventLoop().execute(() -> send(new Pending(method, uri, headers, body, result, false)));
        return result;
    }

    /** The session id the server gave in SETUP, or null before. */
    public String sessionId() {
        return sessionId;
    }

    /** The session's timeout in seconds, as the server gave it (60 when it did not). */
    public int sessionTimeoutSeconds() {
        return sessionTimeoutSeconds;
    }

    /**
     * Keeps the session alive: {@code method} (GET_PARAMETER where the server lists it, else OPTIONS) on {@code uri}
     * every half of the session timeout, at least every 5 s.
     */
    public void keepAlive(HttpMethod method, String uri) {
        channel().eventLoop().execute(() -> {
            if (keepAlive != null || !channel().isActive()) {
                return;
            }
            long period = Math.max(5, sessionTimeoutSeconds / 2);
            keepAlive = channel().eventLoop().scheduleAtFixedRate(() -> request(method, uri, Map.of()), period,
                    period, TimeUnit.SECONDS);
        });
    }

    /** Completes when the connection has closed, for whatever reason. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** What closed the connection: a read timeout, an unreadable message, … or null when it simply closed. */
    public Throwable closeCause() {
        return closeCause;
    }

    public void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    /** Whether {@code methods}, a {@code Public} header, lists {@code method}. */
    private static boolean lists(String methods, HttpMethod method) {
        for (String listed : methods.split(",")) {
            if (listed.trim().equalsIgnoreCase(method.name())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext added) {
        ctx = added;
    }

    private void send(Pending request) {
        if (!channel().isActive()) {
            request.result().completeExceptionally(new RtspSessionClosedException("the connection is closed"));
            return;
        }
        byte[] body = request.body();
        FullHttpRequest message = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, request.method(), request.uri(),
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        int number = ++cseq;
        // Spelled as RFC 2326 does: some camera firmwares look for "CSeq" and "Session" case-sensitively.
        message.headers().set("CSeq", number);
        message.headers().set("User-Agent", options.userAgent());
        if (sessionId != null) {
            message.headers().set("Session", sessionId);
        }
        if (authenticator != null) {
            message.headers().set("Authorization", authenticator.authorization(request.method().name(),
                    request.uri()));
        }
        request.headers().forEach((name, value) -> message.headers().set(name, value));
        if (body != null) {
            message.headers().setInt("Content-Length", body.length);
        }
        pending.put(number, request);
        ctx.writeAndFlush(message);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, Object message) {
        if (message instanceof InterleavedFrame frame) {
            options.frames().accept(frame);
        } else if (message instanceof FullHttpResponse response) {
            onResponse(response);
        }
    }

    private void onResponse(FullHttpResponse response) {
        if (response.decoderResult().isFailure()) {
            closeWith(new IllegalArgumentException("an unreadable answer: " + response.decoderResult().cause()));
            return;
        }
        Pending request = answered(response.headers().get(RtspHeaderNames.CSEQ));
        if (request == null) {
            return;
        }
        int status = response.status().code();
        if (status == 401 && !request.signed() && !options.username().isEmpty()) {
            String challenge = challenge(response);
            if (challenge != null) {
                try {
                    authenticator = Authenticator.forChallenge(challenge, options.username(), options.password());
                } catch (IllegalArgumentException e) {
                    request.result().completeExceptionally(new IllegalArgumentException(
                            "the server asks for a login that cannot be given: " + e.getMessage()));
                    return;
                }
                send(new Pending(request.method(), request.uri(), request.headers(), request.body(),
                        request.result(), true));
                return;
            }
        }
        String session = response.headers().get(RtspHeaderNames.SESSION);
        if (status == 200 && session != null) {
            try {
                SessionHeader header = SessionHeader.parse(session);
                sessionId = header.id();
                sessionTimeoutSeconds = header.timeoutSeconds();
            } catch (IllegalArgumentException e) {
                request.result().completeExceptionally(e);
                return;
            }
        }
        request.result().complete(new RtspResponse(status, response.status().reasonPhrase(),
                new DefaultHttpHeaders().add(response.headers()), response.content().toString(StandardCharsets.UTF_8)));
    }

    /** The request an answer is for: by its CSeq, or the oldest one waiting when a server leaves CSeq out. */
    private Pending answered(String number) {
        if (number != null) {
            try {
                Pending request = pending.remove(Integer.parseInt(number.trim()));
                if (request != null) {
                    return request;
                }
            } catch (NumberFormatException e) {
                // An unreadable CSeq is treated like a missing one.
            }
        }
        var oldest = pending.pollFirstEntry();
        return oldest == null ? null : oldest.getValue();
    }

    private static String challenge(FullHttpResponse response) {
        var all = response.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE);
        return all.stream().filter(c -> c.regionMatches(true, 0, "Digest", 0, 6)).findFirst()
                .orElse(all.isEmpty() ? null : all.get(0));
    }

    private void closeWith(Throwable cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        closeWith(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        for (Pending request : pending.values()) {
            request.result().completeExceptionally(new RtspSessionClosedException(
                    "the connection closed before an answer to " + request.method()));
        }
        pending.clear();
        closed.complete(null);
        super.channelInactive(context);
    }

    /** A request that could not be answered because the connection had closed. */
    public static final class RtspSessionClosedException extends RuntimeException {
        RtspSessionClosedException(String message) {
            super(message, null, false, false);
        }
    }

    /** What to keep a session alive with, by the server's {@code Public} header: GET_PARAMETER if listed, else OPTIONS. */
    public static HttpMethod keepAliveMethod(String publicHeader) {
        return lists(publicHeader, RtspMethods.GET_PARAMETER) ? RtspMethods.GET_PARAMETER : RtspMethods.OPTIONS;
    }
}

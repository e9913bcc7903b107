package org.sharpeyes.sim.gb28181;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.sharpeyes.adapters.gb28181.manscdp.Manscdp;
import org.sharpeyes.adapters.gb28181.manscdp.ManscdpException;
import org.sharpeyes.adapters.gb28181.manscdp.XmlNode;
import org.sharpeyes.adapters.gb28181.sip.SipDigest;
import org.sharpeyes.adapters.gb28181.sip.SipHeaders;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;
import org.sharpeyes.adapters.gb28181.sip.SipParseException;
import org.sharpeyes.adapters.gb28181.sip.SipParser;
import org.sharpeyes.adapters.net.Transport;

/**
 * A simulated superior platform (the city's) over UDP and TCP on one port: it takes a lower platform's registration
 * with Digest (or redirects it elsewhere, as GB/T 28181-2022 allows), answers its keepalives, queries its catalog
 * (gathering the fragments, answering each, which paces the sender, until SumNum items are in), plays its points and
 * steers their PTZ.
 */
public final class GbPlatformSimulator implements AutoCloseable {

    private final EventLoopGroup loops;
    private final String id;
    private final String password;
    private final Map<String, Link> registered = new ConcurrentHashMap<>();
    private final Map<String, String> nonces = new ConcurrentHashMap<>();
    private final Map<String, CatalogGathering> catalogs = new ConcurrentHashMap<>();
    private final AtomicLong keepalives = new AtomicLong();
    private final AtomicLong sn = new AtomicLong(1);
    private final Map<String, CompletableFuture<SipMessage>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong registrations = new AtomicLong();
    private volatile String redirectTo;
    private volatile java.util.function.Consumer<String> registeredListener = lower -> { };
    private final java.util.Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private Channel channel;
    private Channel tcp;

    /** How a lower platform reached us: the UDP socket and its address, or its TCP connection. */
    private record Link(InetSocketAddress address, Channel channel, boolean tcp) {
        String transport() {
            return tcp ? "TCP" : "UDP";
        }
    }

    /** {@code id}: its 20-digit SIP ID, the first 10 digits its realm; lower platforms log in with {@code password}. */
    public GbPlatformSimulator(EventLoopGroup loops, String id, String password) {
        this.loops = loops;
        this.id = id;
        this.password = password;
    }

    /** Binds its UDP port on loopback, and TCP on the same port; returns it (an interrupt fails it). */
    public int start() {
        try {
            return start("127.0.0.1", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
    }

    /** Binds UDP and TCP on {@code host:port} (0: a port free for both); returns the port. */
    public int start(String host, int port) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            channel = SimSip.bindUdp(loops, host, port, new Datagrams());
            try {
                tcp = SimSip.listenTcp(loops, host, port(), Stream::new);
                return port();
            } catch (Exception e) {
                // That port's TCP side is taken: another UDP port, a few times.
                channel.close().syncUninterruptibly();
                if (port != 0 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Runs {@code task} now and every {@code seconds} on the platform's loop until it closes. */
    public void every(int seconds, Runnable task) {
        loops.next().scheduleAtFixedRate(task, 0, seconds, TimeUnit.SECONDS);
    }

    /** Told the ID of each lower platform as it registers (not on renewals). */
    public void onRegistered(java.util.function.Consumer<String> listener) {
        this.registeredListener = listener;
    }

    /** Answers each REGISTER from now on with 302 and a Contact of {@code host:port} (null: registers again). */
    public void redirectTo(String host, int port) {
        redirectTo = host == null ? null : host + ":" + port;
    }

    /** REGISTER requests accepted (200 OK) since start, renewals and unregistering included. */
    public long registrations() {
        return registrations.get();
    }

    /** Whether the lower platform {@code lowerId} registered over TCP (false: UDP, or not registered). */
    public boolean registeredOverTcp(String lowerId) {
        Link link = registered.get(lowerId);
        return link != null && link.tcp();
    }

    /** Whether the lower platform {@code lowerId} is registered now. */
    public boolean isRegistered(String lowerId) {
        return registered.containsKey(lowerId);
    }

    public long keepalives() {
        return keepalives.get();
    }

    /** Asks a registered lower platform for its catalog; completes with every item once SumNum are in. */
    public CompletableFuture<List<XmlNode>> queryCatalog(String lowerId) {
        Link to = registered.get(lowerId);
        if (to == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(lowerId + " is not registered"));
        }
        long number = sn.getAndIncrement();
        CatalogGathering gathering = new CatalogGathering();
        catalogs.put(lowerId + "|" + number, gathering);
        SipMessage query = request("MESSAGE", lowerId, to, number);
        query.body(Manscdp.write(Manscdp.message("Query", "Catalog", number, lowerId)), Manscdp.CONTENT_TYPE);
        write(query, to);
        return gathering.done.orTimeout(120, TimeUnit.SECONDS);
    }

    /** A point of a lower platform played to this platform over UDP: its pictures counted through our demuxer. */
    public final class Play implements AutoCloseable {
        private final String lowerId;
        private final Channel media;
        private final java.util.concurrent.atomic.AtomicLong pictures = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong keyFrames = new java.util.concurrent.atomic.AtomicLong();
        private volatile org.sharpeyes.adapters.rtp.VideoCodec codec;
        private final java.util.concurrent.atomic.AtomicLong audioFrames = new java.util.concurrent.atomic.AtomicLong();
        private volatile org.sharpeyes.adapters.gb28181.ps.PsStreamType audioType;
        private SipMessage invite;
        private SipMessage answer;
        private boolean closed;

        private Play(String lowerId, Channel media) {
            this.lowerId = lowerId;
            this.media = media;
        }

        public long pictures() {
            return pictures.get();
        }

        public long keyFrames() {
            return keyFrames.get();
        }

        public org.sharpeyes.adapters.rtp.VideoCodec codec() {
            return codec;
        }

        /** Audio PES read, and the type of the last. */
        public long audioFrames() {
            return audioFrames.get();
        }

        public org.sharpeyes.adapters.gb28181.ps.PsStreamType audioType() {
            return audioType;
        }

        /** The lower platform's 200 OK to the INVITE. */
        public SipMessage answer() {
            return answer;
        }

        /** Sends the BYE and closes the media port. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            Link to = registered.get(lowerId);
            if (to != null && invite != null && answer != null) {
                SipMessage bye = SipMessage.request("BYE", invite.uri());
                bye.add("Via", "SIP/2.0/" + to.transport() + " 127.0.0.1:" + port() + ";rport;branch=z9hG4bK" + tag());
                bye.add("From", invite.header("From"));
                bye.add("To", answer.header("To"));
                bye.add("Call-ID", invite.header("Call-ID"));
                bye.add("CSeq", (invite.cseqNumber() + 1) + " BYE");
                write(bye, to);
            }
            media.close();
        }
    }

    /** INVITEs {@code pointCode} from a registered lower platform to a UDP port of its own; completes once answered. */
    public CompletableFuture<Play> play(String lowerId, String pointCode) throws InterruptedException {
        Link to = registered.get(lowerId);
        if (to == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(lowerId + " is not registered"));
        }
        Play[] holder = new Play[1];
        org.sharpeyes.adapters.gb28181.ps.PsRtpDepacketizer[] depacketizer = {null};
        org.sharpeyes.adapters.gb28181.ps.PsDemuxer demuxer = new org.sharpeyes.adapters.gb28181.ps.PsDemuxer(
                io.netty.buffer.ByteBufAllocator.DEFAULT, new org.sharpeyes.adapters.gb28181.ps.PsDemuxer.Listener() {
                    @Override
                    public void video(org.sharpeyes.adapters.gb28181.ps.PsVideoFrame frame) {
                        holder[0].codec = frame.codec();
                        holder[0].pictures.incrementAndGet();
                        if (frame.keyFrame()) {
                            holder[0].keyFrames.incrementAndGet();
                        }
                        frame.release();
                    }

                    @Override
                    public void audio(org.sharpeyes.adapters.gb28181.ps.PsAudioFrame frame) {
                        holder[0].audioType = frame.type();
                        holder[0].audioFrames.incrementAndGet();
                        frame.data().release();
                    }

                    @Override
                    public void malformed(String what) {
                    }
                });
        depacketizer[0] = new org.sharpeyes.adapters.gb28181.ps.PsRtpDepacketizer(demuxer);
        Channel media = new Bootstrap().group(loops).channel(Transport.datagramChannel(loops))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_536))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        try {
                            depacketizer[0].push(org.sharpeyes.adapters.rtp.RtpPacket.parse(packet.content()));
                        } catch (IllegalArgumentException e) {
                            // Not RTP: left out, as a platform would.
                        }
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        Play play = new Play(lowerId, media);
        holder[0] = play;
        int mediaPort = ((InetSocketAddress) media.localAddress()).getPort();
        String ssrc = "0" + id.substring(3, 8) + String.format("%04d", sn.get() % 10_000);
        String sdp = "v=0\r\no=" + id + " 0 0 IN IP4 127.0.0.1\r\ns=Play\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=video " + mediaPort + " RTP/AVP 96\r\na=recvonly\r\na=rtpmap:96 PS/90000\r\ny=" + ssrc + "\r\n";
        SipMessage invite = request("INVITE", pointCode, to, sn.getAndIncrement());
        String branch = invite.topBranch();
        invite.add("Contact", "<sip:" + id + "@127.0.0.1:" + port() + ">");
        invite.add("Subject", pointCode + ":" + ssrc + "," + id + ":0");
        invite.body(sdp.getBytes(java.nio.charset.StandardCharsets.UTF_8), "APPLICATION/SDP");
        play.invite = invite;
        CompletableFuture<SipMessage> answered = new CompletableFuture<>();
        waiting.put(branch, answered);
        write(invite, to);
        return answered.orTimeout(40, TimeUnit.SECONDS).thenCompose(answer -> {
            waiting.remove(branch);
            if (answer.status() >= 300) {
                media.close();
                return CompletableFuture.failedFuture(new IllegalStateException("INVITE answered "
                        + answer.status() + " " + answer.reason()));
            }
            play.answer = answer;
            SipMessage ack = SipMessage.request("ACK", invite.uri());
            ack.add("Via", "SIP/2.0/" + to.transport() + " 127.0.0.1:" + port() + ";rport;branch=z9hG4bK" + tag());
            ack.add("From", invite.header("From"));
            ack.add("To", answer.header("To"));
            ack.add("Call-ID", invite.header("Call-ID"));
            ack.add("CSeq", invite.cseqNumber() + " ACK");
            write(ack, to);
            return CompletableFuture.completedFuture(play);
        });
    }

    /** Sends a Query of {@code cmdType} (RecordInfo, DeviceInfo …) to a lower platform; completes with its status. */
    public CompletableFuture<Integer> query(String lowerId, String cmdType) {
        Link to = registered.get(lowerId);
        if (to == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(lowerId + " is not registered"));
        }
        long number = sn.getAndIncrement();
        SipMessage request = request("MESSAGE", lowerId, to, number);
        request.body(Manscdp.write(Manscdp.message("Query", cmdType, number, lowerId)), Manscdp.CONTENT_TYPE);
        CompletableFuture<SipMessage> answered = new CompletableFuture<>();
        waiting.put(request.topBranch(), answered);
        write(request, to);
        return answered.orTimeout(30, TimeUnit.SECONDS).thenApply(SipMessage::status);
    }

    /** Sends a DeviceControl with {@code ptzCmd} (16 hex digits) for {@code pointCode} to a lower platform. */
    public void control(String lowerId, String pointCode, String ptzCmd) {
        Link to = registered.get(lowerId);
        if (to == null) {
            throw new IllegalStateException(lowerId + " is not registered");
        }
        long number = sn.getAndIncrement();
        SipMessage request = request("MESSAGE", pointCode, to, number);
        XmlNode body = Manscdp.message("Control", "DeviceControl", number, pointCode).with("PTZCmd", ptzCmd);
        body.add(new XmlNode("Info")).with("ControlPriority", 5);
        request.body(Manscdp.write(body), Manscdp.CONTENT_TYPE);
        write(request, to);
    }

    private int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    private void write(SipMessage message, Link to) {
        if (to.tcp()) {
            to.channel().writeAndFlush(message.encode(to.channel().alloc()));
        } else {
            channel.writeAndFlush(new DatagramPacket(message.encode(channel.alloc()), to.address()));
        }
    }

    private void answer(SipMessage request, Link to, int status, String reason, String... headers) {
        SipMessage response = SimSip.answer(request, status, reason);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.add(headers[i], headers[i + 1]);
        }
        write(response, to);
    }

    private void register(SipMessage request, Link from) {
        String redirect = redirectTo;
        if (redirect != null) {
            answer(request, from, 302, "Moved Temporarily", "Contact", "<sip:" + id + "@" + redirect + ">");
            return;
        }
        String lower = SipHeaders.user(SipHeaders.uri(request.header("From")));
        String authorization = request.header("Authorization");
        String nonce = authorization == null ? null : SipDigest.parameters(authorization).get("nonce");
        if (nonce == null || !nonce.equals(nonces.get(lower))) {
            String fresh = SipDigest.nonce();
            nonces.put(lower, fresh);
            answer(request, from, 401, "Unauthorized", "WWW-Authenticate", SipDigest.challenge(id.substring(0, 10),
                    fresh));
            return;
        }
        if (!SipDigest.verify(authorization, "REGISTER", nonce, password)) {
            answer(request, from, 403, "Forbidden");
            return;
        }
        String expires = request.header("Expires");
        if ("0".equals(expires == null ? null : expires.trim())) {
            registered.remove(lower);
        } else {
            if (registered.put(lower, from) == null) {
                registeredListener.accept(lower);
            }
        }
        registrations.incrementAndGet();
        answer(request, from, 200, "OK", "Expires", expires == null ? "3600" : expires.trim());
    }

    private void message(SipMessage request, Link from) {
        answer(request, from, 200, "OK");
        XmlNode body;
        try {
            body = Manscdp.parse(request.body());
        } catch (ManscdpException e) {
            return;
        }
        String lower = SipHeaders.user(SipHeaders.uri(request.header("From")));
        if ("Keepalive".equalsIgnoreCase(body.at("CmdType"))) {
            keepalives.incrementAndGet();
        } else if ("Catalog".equalsIgnoreCase(body.at("CmdType")) && "Response".equalsIgnoreCase(body.name())) {
            CatalogGathering gathering = catalogs.get(lower + "|" + body.at("SN"));
            if (gathering != null) {
                gathering.add(body);
            }
        }
    }

    private static String tag() {
        return SimSip.tag();
    }

    /** A request to {@code target} at a lower platform's address, with a fresh branch, tag and Call-ID. */
    private SipMessage request(String method, String target, Link to, long cseq) {
        SipMessage request = SipMessage.request(method, "sip:" + target + "@" + to.address().getAddress()
                .getHostAddress() + ":" + to.address().getPort());
        request.add("Via", "SIP/2.0/" + to.transport() + " 127.0.0.1:" + port() + ";rport;branch=z9hG4bK" + tag());
        request.add("From", "<sip:" + id + "@" + id.substring(0, 10) + ">;tag=" + tag());
        request.add("To", "<sip:" + target + "@" + id.substring(0, 10) + ">");
        request.add("Call-ID", tag() + "@platform-sim");
        request.add("CSeq", cseq + " " + method);
        request.add("Max-Forwards", "70");
        return request;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (tcp != null) {
            tcp.close().syncUninterruptibly();
        }
        connections.forEach(connection -> connection.close().syncUninterruptibly());
    }

    /** The fragments of one catalog answer. */
    private static final class CatalogGathering {
        final CompletableFuture<List<XmlNode>> done = new CompletableFuture<>();
        final List<XmlNode> items = new ArrayList<>();

        synchronized void add(XmlNode response) {
            int expected = Integer.parseInt(response.at("SumNum") == null ? "0" : response.at("SumNum").trim());
            XmlNode list = response.child("DeviceList");
            if (list != null) {
                items.addAll(list.all("Item"));
            }
            if (items.size() >= expected) {
                done.complete(List.copyOf(items));
            }
        }
    }

    /** What comes from a lower platform, over either transport. */
    private void received(SipMessage message, Link from) {
        if (!message.isRequest()) {
            CompletableFuture<SipMessage> answer = waiting.get(message.topBranch());
            if (answer != null && message.status() >= 200) {
                answer.complete(message);
            }
            return;
        }
        switch (message.method()) {
            case "REGISTER" -> register(message, from);
            case "MESSAGE" -> message(message, from);
            default -> answer(message, from, 405, "Method Not Allowed");
        }
    }

    /** Registrations, keepalives, catalog fragments over UDP. */
    private final class Datagrams extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            try {
                received(SipParser.parseDatagram(packet.content()), new Link(packet.sender(), ctx.channel(), false));
            } catch (SipParseException e) {
                // Not SIP: dropped, as a platform would.
            }
        }
    }

    /** The same over a TCP connection the lower platform opened. */
    private final class Stream extends SimpleChannelInboundHandler<SipMessage> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            connections.add(ctx.channel());
            ctx.channel().closeFuture().addListener(closed -> connections.remove(ctx.channel()));
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, SipMessage message) {
            received(message, new Link((InetSocketAddress) ctx.channel().remoteAddress(), ctx.channel(), true));
        }
    }
}

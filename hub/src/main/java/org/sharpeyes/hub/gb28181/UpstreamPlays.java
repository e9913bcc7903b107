package org.sharpeyes.hub.gb28181;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.sharpeyes.adapters.gb28181.GbSdp;
import org.sharpeyes.adapters.gb28181.sip.SipHeaders;
import org.sharpeyes.adapters.gb28181.sip.SipMessage;
import org.sharpeyes.adapters.net.Transport;
import org.sharpeyes.hub.media.Attachment;
import org.sharpeyes.hub.media.PathRegistry;
import org.sharpeyes.hub.media.stream.ReaderPolicy;
import org.sharpeyes.hub.registry.PointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform above playing points of the hub: its INVITE names a point of the catalog region, the hub attaches to
 * the point's path like any viewer (so superiors and local viewers share one pull), opens its end (UDP; or TCP,
 * listening when the superior's SDP says {@code a=setup:active}, connecting when it says {@code passive}), answers
 * with its SDP, and streams from the ACK until the BYE. A point outside the region is refused (404), one whose camera
 * does not play too (503, with why).
 */
final class UpstreamPlays {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamPlays.class);

    /** What one play needs from the rest of the hub. */
    record Media(PathRegistry paths, EventLoopGroup loops, ReaderPolicy policy, String host) {
    }

    private final GbSettings settings;
    private final String catalogRegion;
    private final PointStore points;
    private final Executor blocking;
    private final Map<String, Play> plays = new ConcurrentHashMap<>();
    private volatile Media media;

    UpstreamPlays(GbSettings settings, String catalogRegion, PointStore points, Executor blocking) {
        this.settings = settings;
        this.catalogRegion = catalogRegion;
        this.points = points;
        this.blocking = blocking;
    }

    void media(Media given) {
        this.media = given;
    }

    /** Plays the superior has running now. */
    int playing() {
        return plays.size();
    }

    void invite(SipTransactions.ServerTransaction transaction) {
        Media with = media;
        SipMessage invite = transaction.request();
        String code = SipHeaders.user(invite.uri());
        if (with == null || code == null) {
            transaction.respond(488, "Not Acceptable Here");
            return;
        }
        String body = new String(invite.body(), StandardCharsets.UTF_8);
        if (body.contains("s=Playback") || body.contains("s=Download")) {
            transaction.respond(501, "Not Implemented: the hub keeps no recordings yet");
            return;
        }
        transaction.respond(100, "Trying");
        GbSdp offer = GbSdp.parse(body);
        CompletableFuture.supplyAsync(() -> points.find(code).filter(p -> catalogRegion.isEmpty()
                || p.regionCode().startsWith(catalogRegion)), blocking).thenCompose(found -> found.isEmpty()
                        ? CompletableFuture.<Attachment>failedFuture(new IllegalArgumentException("404"))
                        : with.paths().attach(found.get()))
                .whenComplete((attachment, error) -> {
                    if (error != null) {
                        boolean missing = error.getMessage() != null && error.getMessage().endsWith("404");
                        transaction.respond(missing ? 404 : 503, missing ? "Not Found" : "Service Unavailable");
                        LOG.info("GB/T 28181: the platform above asked for {}: {}", code, missing
                                ? "not in its catalog region" : error.getMessage());
                        return;
                    }
                    open(transaction, code, offer, attachment, with);
                });
    }

    private void open(SipTransactions.ServerTransaction transaction, String code, GbSdp offer, Attachment attachment,
            Media with) {
        Play play = new Play(code, offer, attachment, with);
        ChannelFuture opened;
        if (!offer.tcp()) {
            opened = new Bootstrap().group(with.loops()).channel(Transport.datagramChannel(with.loops()))
                    .handler(new ChannelInboundHandlerAdapter()).bind(0);
        } else if (offer.setup().equals("active")) {
            opened = new ServerBootstrap().group(with.loops()).channel(Transport.serverSocketChannel(with.loops()))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            play.accepted(ch);
                        }
                    }).bind(0);
        } else {
            opened = null;
        }
        String callId = transaction.request().header("Call-ID");
        if (opened == null) {
            plays.put(callId, play);
            answer(transaction, play, 9);
            return;
        }
        opened.addListener(done -> {
            if (!done.isSuccess()) {
                attachment.detach();
                transaction.respond(500, "Server Internal Error");
                return;
            }
            play.own = opened.channel();
            plays.put(callId, play);
            answer(transaction, play, ((InetSocketAddress) opened.channel().localAddress()).getPort());
        });
    }

    private void answer(SipTransactions.ServerTransaction transaction, Play play, int port) {
        StringBuilder sdp = new StringBuilder().append("v=0\r\n").append("o=").append(play.code)
                .append(" 0 0 IN IP4 ").append(play.media.host()).append("\r\n").append("s=Play\r\n")
                .append("c=IN IP4 ").append(play.media.host()).append("\r\n").append("t=0 0\r\n")
                .append("m=video ").append(port).append(' ').append(play.offer.tcp() ? "TCP/RTP/AVP" : "RTP/AVP")
                .append(" 96\r\n").append("a=sendonly\r\n").append("a=rtpmap:96 PS/90000\r\n");
        if (play.offer.tcp()) {
            sdp.append("a=setup:").append(play.offer.setup().equals("active") ? "passive" : "active").append("\r\n")
                    .append("a=connection:new\r\n");
        }
        sdp.append("y=").append(String.format("%010d", play.ssrc)).append("\r\n");
        transaction.respond(200, "OK", response -> {
            response.add("Contact", "<sip:" + play.code + "@" + play.media.host() + ">");
            response.body(sdp.toString().getBytes(StandardCharsets.UTF_8), "application/sdp");
        });
    }

    /** The superior's ACK: the stream starts (at once on UDP, once connected on TCP). */
    void ack(SipMessage ack) {
        Play play = plays.get(ack.header("Call-ID"));
        if (play != null) {
            play.acknowledged();
        }
    }

    /** The superior's BYE: the stream stops and the path loses a viewer. */
    boolean bye(SipMessage bye) {
        Play play = plays.remove(bye.header("Call-ID"));
        if (play == null) {
            return false;
        }
        play.close();
        return true;
    }

    void close() {
        plays.values().forEach(Play::close);
        plays.clear();
    }

    /** One superior's play of one point. */
    private final class Play {
        final String code;
        final GbSdp offer;
        final Attachment attachment;
        final Media media;
        final long ssrc;
        volatile Channel own;
        volatile Channel tcp;
        volatile boolean acked;
        volatile boolean started;

        Play(String code, GbSdp offer, Attachment attachment, Media media) {
            this.code = code;
            this.offer = offer;
            this.attachment = attachment;
            this.media = media;
            this.ssrc = offer.ssrc() != null ? offer.ssrc() : Long.parseLong("0" + settings.domain().substring(3, 8)
                    + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000)));
        }

        void accepted(Channel channel) {
            tcp = channel;
            startIfReady();
        }

        void acknowledged() {
            acked = true;
            if (offer.tcp() && offer.setup().equals("passive")) {
                new Bootstrap().group(media.loops()).channel(Transport.socketChannel(media.loops()))
                        .handler(new ChannelInboundHandlerAdapter()).connect(offer.host(), offer.port())
                        .addListener(done -> {
                            if (done.isSuccess()) {
                                accepted(((ChannelFuture) done).channel());
                            } else {
                                LOG.warn("GB/T 28181: could not connect to the platform above at {}:{} for {}",
                                        offer.host(), offer.port(), code);
                            }
                        });
                return;
            }
            startIfReady();
        }

        private synchronized void startIfReady() {
            if (started || !acked) {
                return;
            }
            if (offer.tcp()) {
                if (tcp == null) {
                    return;
                }
                attachment.start(new PsStreamReader(tcp, media.policy(), attachment.stream(), null, ssrc));
            } else {
                attachment.start(new PsStreamReader(own, media.policy(), attachment.stream(),
                        new InetSocketAddress(offer.host(), offer.port()), ssrc));
            }
            started = true;
            LOG.info("GB/T 28181: the platform above plays {} over {}", code, offer.tcp() ? "TCP" : "UDP");
        }

        void close() {
            attachment.detach();
            for (Channel ch : new Channel[] {own, tcp}) {
                if (ch != null) {
                    ch.close();
                }
            }
        }
    }
}

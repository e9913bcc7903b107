package org.sharpeyes.hub.media.source;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.adapters.rtp.NalDepacketizer;
import org.sharpeyes.adapters.rtp.RtpPacket;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.adapters.rtsp.Authenticator;
import org.sharpeyes.adapters.rtsp.InterleavedFrame;
import org.sharpeyes.adapters.rtsp.SessionHeader;
import org.sharpeyes.adapters.rtsp.TransportHeader;
import org.sharpeyes.adapters.sdp.MediaDescription;
import org.sharpeyes.adapters.sdp.SessionDescription;
import org.sharpeyes.hub.media.UdpPair;
import org.sharpeyes.hub.media.stream.AudioTrack;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.media.stream.VideoTrack;
import org.sharpeyes.hub.registry.DeviceCredentials;

/**
 * Plays one camera over RTSP with RTP interleaved in the TCP connection (or over UDP when the camera refuses that
 * with 461): OPTIONS, DESCRIBE (answering a Basic or Digest challenge), SETUP of the video (and of the audio, over TCP,
 * when the camera has some), PLAY, then keep-alives within the session timeout, feeding the depacketized pictures and
 * the audio packets to the stream. Any refusal or malformed answer ends the attempt with a reason a person can act on.
 */
final class RtspClientHandler extends SimpleChannelInboundHandler<Object> {

    /** Where the handshake stands. */
    private enum Step { OPTIONS, DESCRIBE, SETUP, SETUP_AUDIO, PLAY, PLAYING }

    private final URI url;
    private final DeviceCredentials credentials;
    private final MediaStream stream;
    private final RtspPullSource listener;
    private final PullStats stats;
    private NalDepacketizer depacketizer;
    private Step step = Step.OPTIONS;
    private int cseq;
    private Authenticator authenticator;
    private HttpMethod lastMethod;
    private String lastUri;
    private boolean readySignalled;
    private long reportedLost;
    private String baseUrl;
    private String session;
    private int rtpChannel;
    private boolean getParameterAllowed;
    private boolean waitingForKeyFrame = true;
    private ScheduledFuture<?> keepAlive;
    private String failure;
    private UdpPair udp;
    private String setupUrl;
    private AudioTrack audioTrack;
    private String audioSetupUrl;
    private int audioChannel = -1;
    private URI redirectTo;

    RtspClientHandler(URI url, DeviceCredentials credentials, MediaStream stream, RtspPullSource listener,
            PullStats stats) {
        this.url = url;
        this.credentials = credentials;
        this.stream = stream;
        this.listener = listener;
        this.stats = stats;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        send(ctx, request(RtspMethods.OPTIONS, url.toString()));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object message) {
        if (message instanceof InterleavedFrame frame) {
            if (step == Step.PLAYING && udp == null && frame.channel() == rtpChannel) {
                onRtp(frame.content());
            } else if (step == Step.PLAYING && frame.channel() == audioChannel) {
                onAudioRtp(frame.content());
            }
        } else if (message instanceof FullHttpResponse response) {
            onResponse(ctx, response);
        }
    }

    private void onRtp(ByteBuf packet) {
        if (step != Step.PLAYING || depacketizer == null) {
            return;
        }
        RtpPacket rtp;
        try {
            rtp = RtpPacket.parse(packet);
        } catch (IllegalArgumentException e) {
            stats.malformedRtp();
            return;
        }
        for (NalDepacketizer.AccessUnitNals unit : depacketizer.push(rtp)) {
            if (unit.damaged()) {
                stats.damagedUnit();
                waitingForKeyFrame = true;
            }
            // After a loss the picture would smear until the next key frame: skip to it instead.
            if (waitingForKeyFrame && (!unit.isKeyFrame() || unit.damaged())) {
                unit.nals().forEach(ByteBuf::release);
                continue;
            }
            waitingForKeyFrame = false;
            stream.publish(unit.nals(), unit.timestamp());
            signalReady();
        }
        long lost = depacketizer.lostPackets();
        if (lost > reportedLost) {
            stats.lostPackets(lost - reportedLost);
            reportedLost = lost;
        }
    }

    private void onAudioRtp(ByteBuf packet) {
        try {
            if (!stream.publishAudio(RtpPacket.parse(packet))) {
                stats.malformedRtp();
            }
        } catch (IllegalArgumentException e) {
            stats.malformedRtp();
        }
    }

    private void onResponse(ChannelHandlerContext ctx, FullHttpResponse response) {
        int status = response.status().code();
        if (step == Step.SETUP_AUDIO && status != 200 && status != 401) {
            // Audio is a bonus: a camera that will not send it still gives its video.
            play(ctx);
            return;
        }
        if (status == 401 && authenticator == null && credentials != null && !credentials.username().isEmpty()) {
            String challenge = challenge(response);
            if (challenge != null) {
                try {
                    authenticator = Authenticator.forChallenge(challenge, credentials.username(),
                            credentials.password());
                    send(ctx, request(lastMethod, lastUri));
                    return;
                } catch (IllegalArgumentException e) {
                    fail(ctx, "the camera asks for a login the hub cannot give: " + e.getMessage());
                    return;
                }
            }
        }
        if (status == 461 && step == Step.SETUP && udp == null) {
            // The camera will not interleave RTP in the TCP connection: ask for it over UDP instead.
            setupOverUdp(ctx);
            return;
        }
        if (status == 401) {
            fail(ctx, "the camera refused the login (401)" + (credentials == null || credentials.username().isEmpty()
                    ? ": no credentials are registered for this point" : ": check the point's username and password"));
            return;
        }
        if (status >= 300 && status < 400 && response.headers().contains("Location")) {
            try {
                redirectTo = URI.create(response.headers().get("Location").trim());
                failure = "the camera redirected to " + redirectTo;
            } catch (IllegalArgumentException e) {
                failure = "the camera redirected to an unreadable address";
            }
            ctx.close();
            return;
        }
        if (status != 200) {
            fail(ctx, "the camera answered " + lastMethod + " with " + response.status());
            return;
        }
        try {
            advance(ctx, response);
        } catch (IllegalArgumentException e) {
            fail(ctx, "the camera's " + lastMethod + " answer is unusable: " + e.getMessage());
        }
    }

    private void advance(ChannelHandlerContext ctx, FullHttpResponse response) {
        switch (step) {
            case OPTIONS -> {
                String methods = response.headers().get("Public", "");
                getParameterAllowed = methods.toUpperCase(java.util.Locale.ROOT).contains("GET_PARAMETER");
                step = Step.DESCRIBE;
                FullHttpRequest describe = request(RtspMethods.DESCRIBE, url.toString());
                describe.headers().set(RtspHeaderNames.ACCEPT, "application/sdp");
                send(ctx, describe);
            }
            case DESCRIBE -> {
                SessionDescription sdp = SessionDescription.parse(response.content().toString(StandardCharsets.UTF_8));
                MediaDescription video = sdp.video();
                VideoCodec codec = video == null ? null : VideoCodec.ofEncoding(video.encoding());
                if (codec == null) {
                    throw new IllegalArgumentException("it offers no H.264 or H.265 video (tracks: " + sdp.media()
                            .stream().map(m -> m.type() + "/" + m.encoding()).toList() + ")");
                }
                stream.setCodec(codec);
                depacketizer = codec.depacketizer(ctx.alloc());
                readParameterSets(codec, video);
                audioTrack = AudioTrack.of(sdp.audio());
                stream.setAudioTrack(null);
                baseUrl = response.headers().get("Content-Base",
                        response.headers().get("Content-Location", url.toString()));
                step = Step.SETUP;
                setupUrl = resolve(baseUrl, video.control());
                audioSetupUrl = audioTrack == null ? null : resolve(baseUrl, sdp.audio().control());
                FullHttpRequest setup = request(RtspMethods.SETUP, setupUrl);
                setup.headers().set(RtspHeaderNames.TRANSPORT, "RTP/AVP/TCP;unicast;interleaved=0-1");
                send(ctx, setup);
            }
            case SETUP -> {
                SessionHeader header = SessionHeader.parse(response.headers().get(RtspHeaderNames.SESSION, ""));
                session = header.id();
                String transport = response.headers().get(RtspHeaderNames.TRANSPORT);
                if (transport != null) {
                    TransportHeader chosen = TransportHeader.parse(transport);
                    rtpChannel = chosen.interleaved() == null ? 0 : chosen.interleaved()[0];
                }
                long period = Math.max(5, header.timeoutSeconds() / 2);
                keepAlive = ctx.executor().scheduleAtFixedRate(() -> keepAlive(ctx), period, period, TimeUnit.SECONDS);
                if (audioTrack != null && udp == null && !audioSetupUrl.equals(setupUrl)) {
                    step = Step.SETUP_AUDIO;
                    FullHttpRequest setup = request(RtspMethods.SETUP, audioSetupUrl);
                    setup.headers().set(RtspHeaderNames.TRANSPORT, "RTP/AVP/TCP;unicast;interleaved="
                            + (rtpChannel + 2) + "-" + (rtpChannel + 3));
                    send(ctx, setup);
                } else {
                    play(ctx);
                }
            }
            case SETUP_AUDIO -> {
                String transport = response.headers().get(RtspHeaderNames.TRANSPORT);
                TransportHeader chosen = transport == null ? null : TransportHeader.parse(transport);
                if (chosen != null && chosen.interleaved() != null && chosen.interleaved()[0] != rtpChannel) {
                    audioChannel = chosen.interleaved()[0];
                    stream.setAudioTrack(audioTrack);
                }
                play(ctx);
            }
            case PLAY -> step = Step.PLAYING;
            case PLAYING -> {
                // keep-alive answered
            }
        }
    }

    private void play(ChannelHandlerContext ctx) {
        step = Step.PLAY;
        FullHttpRequest play = request(RtspMethods.PLAY, aggregateUrl());
        play.headers().set(RtspHeaderNames.RANGE, "npt=0.000-");
        send(ctx, play);
    }

    /** Binds a local RTP/RTCP pair on this connection's event loop (off it, since binding blocks), then SETUPs. */
    private void setupOverUdp(ChannelHandlerContext ctx) {
        String host = ((InetSocketAddress) ctx.channel().localAddress()).getAddress().getHostAddress();
        CompletableFuture.supplyAsync(() -> {
            try {
                return UdpPair.bind(host, ctx.channel().eventLoop(), this::onRtp);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }).whenComplete((pair, error) -> ctx.executor().execute(() -> {
            if (error != null) {
                fail(ctx, "the camera refuses RTP over TCP and no UDP port pair could be bound: " + error.getMessage());
                return;
            }
            if (!ctx.channel().isActive()) {
                pair.close();
                return;
            }
            udp = pair;
            FullHttpRequest setup = request(RtspMethods.SETUP, setupUrl);
            setup.headers().set(RtspHeaderNames.TRANSPORT, "RTP/AVP;unicast;client_port=" + pair.rtpPort() + "-"
                    + (pair.rtpPort() + 1));
            send(ctx, setup);
        }));
    }

    /** Out-of-band parameter sets from the SDP; unreadable ones are left for the in-band sets of the first key frame. */
    private void readParameterSets(VideoCodec codec, MediaDescription video) {
        Base64.Decoder base64 = Base64.getDecoder();
        try {
            if (codec == VideoCodec.H264) {
                String[] sets = video.fmtp().getOrDefault("sprop-parameter-sets", "").split(",");
                if (sets.length >= 2) {
                    stream.setTrack(VideoTrack.h264(base64.decode(sets[0].trim()), base64.decode(sets[1].trim())));
                }
            } else {
                String vps = video.fmtp().get("sprop-vps");
                String sps = video.fmtp().get("sprop-sps");
                String pps = video.fmtp().get("sprop-pps");
                if (vps != null && sps != null && pps != null) {
                    stream.setTrack(VideoTrack.h265(base64.decode(vps.trim()), base64.decode(sps.trim()),
                            base64.decode(pps.trim())));
                }
            }
        } catch (IllegalArgumentException e) {
            stats.malformedParameterSets();
        }
    }

    /**
     * Tells the path once the first key frame is in and the track is known: a camera that answers PLAY and then
     * sends nothing must not hold viewers on a blank stream.
     */
    private void signalReady() {
        if (!readySignalled && step == Step.PLAYING && stream.track() != null) {
            readySignalled = true;
            listener.ready();
        }
    }

    private String aggregateUrl() {
        return baseUrl.endsWith("/") && baseUrl.length() > url.toString().length() ? baseUrl : url.toString();
    }

    private void keepAlive(ChannelHandlerContext ctx) {
        send(ctx, request(getParameterAllowed ? RtspMethods.GET_PARAMETER : RtspMethods.OPTIONS, aggregateUrl()));
    }

    static String resolve(String base, String control) {
        if (control == null || control.isEmpty() || control.equals("*")) {
            return base;
        }
        if (control.regionMatches(true, 0, "rtsp://", 0, 7) || control.regionMatches(true, 0, "rtsps://", 0, 8)) {
            return control;
        }
        return base.endsWith("/") ? base + control : base + "/" + control;
    }

    private static String challenge(FullHttpResponse response) {
        List<String> all = response.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE);
        return all.stream().filter(c -> c.regionMatches(true, 0, "Digest", 0, 6)).findFirst()
                .orElse(all.isEmpty() ? null : all.get(0));
    }

    private FullHttpRequest request(HttpMethod method, String uri) {
        FullHttpRequest request = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri, Unpooled.EMPTY_BUFFER);
        request.headers().set(RtspHeaderNames.CSEQ, ++cseq);
        request.headers().set(RtspHeaderNames.USER_AGENT, "SharpEyesHub");
        if (session != null) {
            request.headers().set(RtspHeaderNames.SESSION, session);
        }
        if (authenticator != null) {
            request.headers().set(RtspHeaderNames.AUTHORIZATION, authenticator.authorization(method.name(), uri));
        }
        return request;
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest request) {
        lastMethod = request.method();
        lastUri = request.uri();
        ctx.writeAndFlush(request);
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        failure = reason;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        if (depacketizer != null) {
            depacketizer.close();
        }
        if (udp != null) {
            udp.close();
        }
        if (redirectTo != null) {
            listener.redirect(redirectTo, failure);
            super.channelInactive(ctx);
            return;
        }
        listener.failed(failure != null ? failure
                : step == Step.PLAYING ? "the camera closed the connection" : "the camera closed the connection during "
                + step);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause instanceof ReadTimeoutException ? "the camera sent nothing for a while"
                : "the camera's stream is unreadable: " + cause.getMessage());
    }
}

package org.sharpeyes.hub.media.source;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.sharpeyes.adapters.rtp.NalDepacketizer;
import org.sharpeyes.adapters.rtp.RtpPacket;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.adapters.rtsp.ControlUrl;
import org.sharpeyes.adapters.rtsp.InterleavedFrame;
import org.sharpeyes.adapters.rtsp.RtspClientSession;
import org.sharpeyes.adapters.rtsp.RtspResponse;
import org.sharpeyes.adapters.rtsp.TransportHeader;
import org.sharpeyes.adapters.sdp.MediaDescription;
import org.sharpeyes.adapters.sdp.SessionDescription;
import org.sharpeyes.hub.media.UdpPair;
import org.sharpeyes.hub.media.stream.AudioTrack;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.media.stream.VideoTrack;
import org.sharpeyes.hub.registry.DeviceCredentials;

/**
 * One connection's playback of a camera over an {@link RtspClientSession}: OPTIONS, DESCRIBE, SETUP of the video
 * with RTP interleaved in the TCP connection (over UDP when the camera refuses that with 461) and of the audio when
 * the camera has some, PLAY, then the depacketized pictures and the audio packets into the stream. Any refusal or
 * malformed answer ends the attempt with a reason a person can act on. Runs on its source's event loop.
 */
final class RtspPlayback {

    static final String USER_AGENT = "SharpEyesHub";
    private static final int SILENCE_MILLIS = 15_000;

    private final URI url;
    private final DeviceCredentials credentials;
    private final EventLoop loop;
    private final MediaStream stream;
    private final RtspPullSource listener;
    private final PullStats stats;
    private final int connectTimeoutMillis;
    private RtspClientSession session;
    private NalDepacketizer depacketizer;
    private HttpMethod keepAliveMethod = RtspMethods.OPTIONS;
    private String step = "OPTIONS";
    private boolean playing;
    private boolean readySignalled;
    private boolean waitingForKeyFrame = true;
    private boolean stopped;
    private long reportedLost;
    private String baseUrl;
    private String setupUrl;
    private String audioSetupUrl;
    private AudioTrack audioTrack;
    private int rtpChannel;
    private int audioChannel = -1;
    private UdpPair udp;
    private String failure;
    private URI redirectTo;

    RtspPlayback(URI url, DeviceCredentials credentials, EventLoop loop, MediaStream stream, RtspPullSource listener,
            PullStats stats, int connectTimeoutMillis) {
        this.url = url;
        this.credentials = credentials;
        this.loop = loop;
        this.stream = stream;
        this.listener = listener;
        this.stats = stats;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    void start() {
        boolean login = credentials != null && !credentials.username().isEmpty();
        RtspClientSession.open(loop, url, new RtspClientSession.Options(USER_AGENT,
                login ? credentials.username() : "", login ? credentials.password() : "", connectTimeoutMillis,
                SILENCE_MILLIS, this::onFrame)).whenComplete((opened, error) -> loop.execute(() -> {
                    if (error != null) {
                        listener.failed("cannot reach the camera at " + url.getHost() + ":"
                                + RtspClientSession.port(url) + " (" + error.getClass().getSimpleName() + ": "
                                + error.getMessage() + ")");
                        return;
                    }
                    session = opened;
                    opened.closed().whenComplete((done, ignored) -> loop.execute(this::ended));
                    if (stopped) {
                        opened.close();
                        return;
                    }
                    ask(RtspMethods.OPTIONS, url.toString(), Map.of(), this::describe);
                }));
    }

    /** Stops this playback; the source hears of it as a failure it will not retry once closed. */
    void stop() {
        stopped = true;
        if (session != null) {
            session.close();
        }
    }

    private void describe(RtspResponse options) {
        keepAliveMethod = RtspClientSession.keepAliveMethod(options.header("Public", ""));
        step = "DESCRIBE";
        ask(RtspMethods.DESCRIBE, url.toString(), Map.of(RtspHeaderNames.ACCEPT.toString(), "application/sdp"),
                this::setUp);
    }

    private void setUp(RtspResponse described) {
        SessionDescription sdp = SessionDescription.parse(described.body());
        MediaDescription video = sdp.video();
        VideoCodec codec = video == null ? null : VideoCodec.ofEncoding(video.encoding());
        if (codec == null) {
            throw new IllegalArgumentException("it offers no H.264 or H.265 video (tracks: " + sdp.media().stream()
                    .map(m -> m.type() + "/" + m.encoding()).toList() + ")");
        }
        stream.setCodec(codec);
        depacketizer = codec.depacketizer(session.channel().alloc());
        readParameterSets(codec, video);
        audioTrack = AudioTrack.of(sdp.audio());
        stream.setAudioTrack(null);
        baseUrl = described.header("Content-Base", described.header("Content-Location", url.toString()));
        setupUrl = ControlUrl.resolve(baseUrl, video.control());
        audioSetupUrl = audioTrack == null ? null : ControlUrl.resolve(baseUrl, sdp.audio().control());
        step = "SETUP";
        ask(RtspMethods.SETUP, setupUrl, Map.of(RtspHeaderNames.TRANSPORT.toString(),
                "RTP/AVP/TCP;unicast;interleaved=0-1"), this::videoSetUp);
    }

    private void videoSetUp(RtspResponse answer) {
        String transport = answer.header(RtspHeaderNames.TRANSPORT.toString(), null);
        if (transport != null && udp == null) {
            TransportHeader chosen = TransportHeader.parse(transport);
            rtpChannel = chosen.interleaved() == null ? 0 : chosen.interleaved()[0];
        }
        if (audioTrack == null || udp != null || audioSetupUrl.equals(setupUrl)) {
            play();
            return;
        }
        step = "SETUP of the audio";
        session.request(RtspMethods.SETUP, audioSetupUrl, Map.of(RtspHeaderNames.TRANSPORT.toString(),
                "RTP/AVP/TCP;unicast;interleaved=" + (rtpChannel + 2) + "-" + (rtpChannel + 3)))
                .whenComplete((audio, error) -> {
                    if (error == null && audio.isOk()) {
                        String offered = audio.header(RtspHeaderNames.TRANSPORT.toString(), null);
                        TransportHeader chosen = offered == null ? null : TransportHeader.parse(offered);
                        if (chosen != null && chosen.interleaved() != null && chosen.interleaved()[0] != rtpChannel) {
                            audioChannel = chosen.interleaved()[0];
                            stream.setAudioTrack(audioTrack);
                        }
                    }
                    // Audio is a bonus: a camera that will not send it still gives its video.
                    if (!(error instanceof RtspClientSession.RtspSessionClosedException)) {
                        play();
                    }
                });
    }

    private void play() {
        step = "PLAY";
        ask(RtspMethods.PLAY, aggregateUrl(), Map.of(RtspHeaderNames.RANGE.toString(), "npt=0.000-"), played -> {
            playing = true;
            session.keepAlive(keepAliveMethod, aggregateUrl());
        });
    }

    /** Sends a request and goes on with {@code next} when the camera says 200; anything else ends the attempt. */
    private void ask(HttpMethod method, String uri, Map<String, String> headers, Consumer<RtspResponse> next) {
        session.request(method, uri, headers).whenComplete((response, error) -> {
            if (error != null) {
                if (!(error instanceof RtspClientSession.RtspSessionClosedException)) {
                    fail("the camera's " + method + " answer is unusable: " + error.getMessage());
                }
                return;
            }
            if (accepted(method, response)) {
                try {
                    next.accept(response);
                } catch (IllegalArgumentException e) {
                    fail("the camera's " + method + " answer is unusable: " + e.getMessage());
                }
            }
        });
    }

    private boolean accepted(HttpMethod method, RtspResponse response) {
        int status = response.status();
        if (status == 401) {
            fail("the camera refused the login (401)" + (credentials == null || credentials.username().isEmpty()
                    ? ": no credentials are registered for this point" : ": check the point's username and password"));
            return false;
        }
        if (status == 461 && RtspMethods.SETUP.equals(method) && udp == null) {
            // The camera will not interleave RTP in the TCP connection: ask for it over UDP instead.
            setUpOverUdp();
            return false;
        }
        String location = response.header("Location", null);
        if (status >= 300 && status < 400 && location != null) {
            try {
                redirectTo = URI.create(location.trim());
                fail("the camera redirected to " + redirectTo);
            } catch (IllegalArgumentException e) {
                fail("the camera redirected to an unreadable address");
            }
            return false;
        }
        if (status != 200) {
            fail("the camera answered " + method + " with " + response.statusLine());
            return false;
        }
        return true;
    }

    /** Binds a local RTP/RTCP pair (off the event loop, since binding blocks), then SETUPs again. */
    private void setUpOverUdp() {
        String host = ((InetSocketAddress) session.channel().localAddress()).getAddress().getHostAddress();
        CompletableFuture.supplyAsync(() -> {
            try {
                return UdpPair.bind(host, loop, this::onRtp);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }).whenComplete((pair, error) -> loop.execute(() -> {
            if (error != null) {
                fail("the camera refuses RTP over TCP and no UDP port pair could be bound: " + error.getMessage());
                return;
            }
            if (!session.channel().isActive()) {
                pair.close();
                return;
            }
            udp = pair;
            ask(RtspMethods.SETUP, setupUrl, Map.of(RtspHeaderNames.TRANSPORT.toString(), "RTP/AVP;unicast;client_port="
                    + pair.rtpPort() + "-" + (pair.rtpPort() + 1)), this::videoSetUp);
        }));
    }

    private void onFrame(InterleavedFrame frame) {
        if (!playing) {
            return;
        }
        if (udp == null && frame.channel() == rtpChannel) {
            onRtp(frame.content());
        } else if (frame.channel() == audioChannel) {
            onAudioRtp(frame.content());
        }
    }

    private void onRtp(ByteBuf packet) {
        if (!playing || depacketizer == null) {
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
     * Tells the path once the first picture is in and the track is known: a camera that answers PLAY and then sends
     * nothing must not hold viewers on a blank stream.
     */
    private void signalReady() {
        if (!readySignalled && playing && stream.track() != null) {
            readySignalled = true;
            listener.ready();
        }
    }

    private String aggregateUrl() {
        return baseUrl.endsWith("/") && baseUrl.length() > url.toString().length() ? baseUrl : url.toString();
    }

    private void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
        session.close();
    }

    /** The connection has closed: tell the source why (or where the camera sent it). */
    private void ended() {
        if (depacketizer != null) {
            depacketizer.close();
        }
        if (udp != null) {
            udp.close();
        }
        if (redirectTo != null) {
            listener.redirect(redirectTo, failure);
            return;
        }
        Throwable cause = session.closeCause();
        listener.failed(failure != null ? failure
                : cause instanceof ReadTimeoutException ? "the camera sent nothing for a while"
                : cause != null ? "the camera's stream is unreadable: " + cause.getMessage()
                : playing ? "the camera closed the connection" : "the camera closed the connection during " + step);
    }
}

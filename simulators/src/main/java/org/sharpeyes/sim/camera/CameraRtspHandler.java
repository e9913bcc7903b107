package org.sharpeyes.sim.camera;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.adapters.rtsp.Authenticator;
import org.sharpeyes.adapters.rtsp.RtspCodecs;
import org.sharpeyes.adapters.rtsp.TransportHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers one RTSP connection to the camera simulator: any path names a camera, RTP goes interleaved over TCP. */
final class CameraRtspHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(CameraRtspHandler.class);
    private static final String REALM = "SharpEyesCameraSimulator";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CameraDirectory cameras;
    private final CameraSettings settings;
    private final ScheduledExecutorService encoderThread;
    private final String nonce = HexFormat.of().formatHex(randomBytes(16));
    private final String sessionId = HexFormat.of().formatHex(randomBytes(8)).toUpperCase(java.util.Locale.ROOT);
    private CameraFeed feed;
    private Fault fault = Fault.NONE;
    private final Channel udpSocket;
    private InetSocketAddress udpDestination;
    private CameraSession session;
    private int rtpChannel;
    private int audioChannel = -1;

    CameraRtspHandler(CameraDirectory cameras, CameraSettings settings, ScheduledExecutorService encoderThread,
            Channel udpSocket) {
        this.udpSocket = udpSocket;
        this.cameras = cameras;
        this.settings = settings;
        this.encoderThread = encoderThread;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String cseq = request.headers().get(RtspHeaderNames.CSEQ, "0");
        if (request.decoderResult().isFailure()) {
            reply(ctx, cseq, RtspResponseStatuses.BAD_REQUEST, Map.of(), null);
            return;
        }
        String method = request.method().name();
        if (!method.equals("OPTIONS") && settings.needsAuth() && !authorized(request)) {
            reply(ctx, cseq, RtspResponseStatuses.UNAUTHORIZED,
                    Map.of("WWW-Authenticate", "Digest realm=\"" + REALM + "\", nonce=\"" + nonce + "\""), null);
            return;
        }
        switch (method) {
            case "OPTIONS" -> reply(ctx, cseq, RtspResponseStatuses.OK,
                    Map.of("Public", "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER, SET_PARAMETER"), null);
            case "DESCRIBE" -> describe(ctx, cseq, request.uri());
            case "SETUP" -> setup(ctx, cseq, request.headers().get(RtspHeaderNames.TRANSPORT),
                    isAudioTrack(request.uri()));
            case "PLAY" -> play(ctx, cseq, request.uri());
            case "TEARDOWN" -> {
                stop();
                reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Session", sessionId), null);
            }
            case "GET_PARAMETER" -> reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Session", sessionId), null);
            case "SET_PARAMETER" -> setParameter(ctx, cseq, request);
            default -> reply(ctx, cseq, RtspResponseStatuses.METHOD_NOT_ALLOWED, Map.of(), null);
        }
    }

    /**
     * PTZ by RTSP: a {@code text/parameters} body line {@code ptz: ACTION SPEED} (e.g. {@code ptz: left 0.5}) moves
     * the camera of the URL's point, as an ONVIF PTZ service would; anything else is answered 451.
     */
    private void setParameter(ChannelHandlerContext ctx, String cseq, FullHttpRequest request) {
        String pointCode = pointCode(request.uri());
        String body = request.content().toString(java.nio.charset.StandardCharsets.UTF_8);
        for (String line : body.split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).strip().equalsIgnoreCase("ptz") || pointCode.isEmpty()) {
                continue;
            }
            String[] words = line.substring(colon + 1).strip().split("\\s+");
            double speed;
            try {
                speed = words.length > 1 ? Double.parseDouble(words[1]) : 0.5;
            } catch (NumberFormatException e) {
                break;
            }
            if (cameras.ptz(pointCode).apply(words[0], speed)) {
                reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Session", sessionId), null);
                return;
            }
        }
        reply(ctx, cseq, RtspResponseStatuses.PARAMETER_NOT_UNDERSTOOD, Map.of(), null);
    }

    private boolean authorized(FullHttpRequest request) {
        String header = request.headers().get(RtspHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Digest ", 0, 7)) {
            return false;
        }
        Map<String, String> params = Authenticator.parseParams(header.substring(7));
        String expected = Authenticator.digestResponse(settings.username(), REALM, settings.password(), nonce,
                request.method().name(), params.getOrDefault("uri", ""));
        return settings.username().equals(params.get("username")) && nonce.equals(params.get("nonce"))
                && expected.equals(params.get("response"));
    }

    private void describe(ChannelHandlerContext ctx, String cseq, String uri) {
        String pointCode = pointCode(uri);
        if (pointCode.isEmpty()) {
            reply(ctx, cseq, RtspResponseStatuses.NOT_FOUND, Map.of(), null);
            return;
        }
        fault = Fault.of(uri);
        if (fault == Fault.REFUSE) {
            reply(ctx, cseq, RtspResponseStatuses.SERVICE_UNAVAILABLE, Map.of(), null);
            return;
        }
        if (fault == Fault.REDIRECT) {
            reply(ctx, cseq, new HttpResponseStatus(302, "Moved Temporarily"),
                    Map.of("Location", uri.substring(0, uri.indexOf('?'))), null);
            return;
        }
        if (fault == Fault.BAD_SDP) {
            reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Content-Type", "application/sdp"),
                    "v=0\r\ns=broken\r\nm=audio 0 RTP/AVP 0\r\na=control:trackID=0\r\n");
            return;
        }
        CameraFeed camera = cameras.feed(pointCode, codecOf(uri), CameraAudio.codecOf(uri),
                fault == Fault.SPS_CHANGE);
        // Starting an encoder takes a while: do it off the event loop, then answer.
        encoderThread.execute(() -> {
            try {
                camera.ensureStarted();
                feed = camera;
                String sdp = sdp(pointCode, camera.codec(), camera.parameterSets())
                        + (camera.audioCodec() == null ? "" : CameraAudio.sdp(camera.audioCodec()));
                String base = uri.endsWith("/") ? uri : uri + "/";
                reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Content-Base", base, "Content-Type",
                        "application/sdp"), sdp);
            } catch (Exception | LinkageError e) {
                LOG.warn("camera {} cannot start", pointCode, e);
                reply(ctx, cseq, RtspResponseStatuses.INTERNAL_SERVER_ERROR, Map.of(), null);
            }
        });
    }

    private static String sdp(String pointCode, VideoCodec codec, List<ByteBuf> sets) {
        int pt = CameraSession.PAYLOAD_TYPE;
        String fmtp;
        if (codec == VideoCodec.H264) {
            ByteBuf sps = sets.get(0);
            String profile = ByteBufUtil.hexDump(sps, sps.readerIndex() + 1, 3);
            fmtp = "packetization-mode=1;profile-level-id=" + profile + ";sprop-parameter-sets=" + base64(sps) + ","
                    + base64(sets.get(1));
        } else {
            fmtp = "sprop-vps=" + base64(sets.get(0)) + ";sprop-sps=" + base64(sets.get(1)) + ";sprop-pps="
                    + base64(sets.get(2));
        }
        return "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=Sharp Eyes simulated camera " + pointCode + "\r\nt=0 0\r\n"
                + "a=control:*\r\nm=video 0 RTP/AVP " + pt + "\r\nc=IN IP4 0.0.0.0\r\n"
                + "a=rtpmap:" + pt + " " + codec.encodingName() + "/90000\r\n"
                + "a=fmtp:" + pt + " " + fmtp + "\r\n"
                + "a=control:trackID=0\r\n";
    }

    /** Whether a SETUP names the audio track; clients append the control after a query too, as in {@code ?a=b/trackID=1}. */
    static boolean isAudioTrack(String uri) {
        String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        return trimmed.endsWith("trackID=1");
    }

    /** The codec a URL asks for with {@code ?codec=h265} (or {@code hevc}); H.264 otherwise. */
    static VideoCodec codecOf(String uri) {
        List<String> values = new QueryStringDecoder(uri).parameters().get("codec");
        VideoCodec codec = values == null || values.isEmpty() ? null : VideoCodec.ofEncoding(values.get(0));
        return codec == null ? VideoCodec.H264 : codec;
    }

    private void setup(ChannelHandlerContext ctx, String cseq, String transport, boolean audio) {
        if (feed == null || (audio && feed.audioCodec() == null)) {
            reply(ctx, cseq, RtspResponseStatuses.METHOD_NOT_VALID, Map.of(), null);
            return;
        }
        TransportHeader offered;
        try {
            offered = TransportHeader.parseAll(transport == null ? "" : transport).stream()
                    .filter(t -> fault == Fault.UDP_ONLY ? !t.isTcp() && t.clientPort() != null : t.isTcp())
                    .findFirst().orElse(null);
        } catch (IllegalArgumentException e) {
            offered = null;
        }
        if (offered != null && fault == Fault.UDP_ONLY) {
            InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
            udpDestination = new InetSocketAddress(peer.getAddress(), offered.clientPort()[0]);
            InetSocketAddress local = (InetSocketAddress) udpSocket.localAddress();
            TransportHeader chosen = new TransportHeader("RTP/AVP", false, null, offered.clientPort(),
                    new int[] {local.getPort(), local.getPort() + 1}, null, null);
            reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Transport", chosen.format(), "Session",
                    sessionId + ";timeout=60"), null);
            return;
        }
        if (offered == null) {
            reply(ctx, cseq, RtspResponseStatuses.UNSUPPORTED_TRANSPORT, Map.of(), null);
            return;
        }
        int channel = offered.interleaved() == null ? (audio ? 2 : 0) : offered.interleaved()[0];
        if (audio) {
            audioChannel = channel;
        } else {
            rtpChannel = channel;
        }
        TransportHeader chosen = new TransportHeader("RTP/AVP/TCP", false,
                new int[] {channel, channel + 1}, null, null, null, null);
        reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Transport", chosen.format(), "Session",
                sessionId + ";timeout=60"), null);
    }

    private void play(ChannelHandlerContext ctx, String cseq, String uri) {
        if (feed == null) {
            reply(ctx, cseq, RtspResponseStatuses.METHOD_NOT_VALID, Map.of(), null);
            return;
        }
        if (session == null) {
            session = new CameraSession(ctx.channel(), feed.codec(), rtpChannel, RANDOM.nextInt() & 0xFFFFFFFFL,
                    RANDOM.nextInt(0x10000), fault, udpDestination == null ? null : udpSocket, udpDestination);
            if (audioChannel >= 0 && udpDestination == null) {
                session.sendAudio(audioChannel, CameraAudio.payloadType(feed.audioCodec()));
            }
            String trackUrl = (uri.endsWith("/") ? uri : uri + "/") + "trackID=0";
            reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Session", sessionId, "RTP-Info", "url=" + trackUrl
                    + ";seq=" + session.nextSequence(), "Range", "npt=0.000-"), null);
            if (fault == Fault.LATE_START) {
                CameraSession starting = session;
                ctx.executor().schedule(() -> {
                    if (session == starting) {
                        feed.subscribe(starting);
                    }
                }, Fault.LATE_START_SECONDS, TimeUnit.SECONDS);
            } else if (fault != Fault.STALL) {
                feed.subscribe(session);
            }
        } else {
            reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Session", sessionId), null);
        }
    }

    private void stop() {
        if (session != null && feed != null) {
            feed.unsubscribe(session);
        }
        session = null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("camera connection failed", cause);
        ctx.close();
    }

    private static void reply(ChannelHandlerContext ctx, String cseq, HttpResponseStatus status,
            Map<String, String> headers, String body) {
        ctx.writeAndFlush(RtspCodecs.response(cseq, status, "SharpEyes-CameraSimulator", headers, body));
    }

    static String pointCode(String uri) {
        String path;
        try {
            path = URI.create(uri).getPath();
        } catch (IllegalArgumentException e) {
            return "";
        }
        if (path == null) {
            return "";
        }
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].isEmpty() && !segments[i].startsWith("trackID")) {
                return segments[i];
            }
        }
        return "";
    }

    private static String base64(ByteBuf buf) {
        return Base64.getEncoder().encodeToString(ByteBufUtil.getBytes(buf));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

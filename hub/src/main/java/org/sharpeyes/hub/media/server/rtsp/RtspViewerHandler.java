package org.sharpeyes.hub.media.server.rtsp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.sharpeyes.adapters.rtsp.RtspCodecs;
import org.sharpeyes.adapters.rtsp.TransportHeader;
import org.sharpeyes.adapters.sdp.MediaDescription;
import org.sharpeyes.adapters.sdp.SessionDescription;
import org.sharpeyes.hub.auth.BearerToken;
import org.sharpeyes.hub.media.Attachment;
import org.sharpeyes.hub.media.MediaUnavailableException;
import org.sharpeyes.hub.media.PathRegistry;
import org.sharpeyes.hub.media.UdpPair;
import org.sharpeyes.hub.media.ViewerAccess;
import org.sharpeyes.hub.media.stream.AudioTrack;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.media.stream.QueuedReader;
import org.sharpeyes.hub.media.stream.ReaderPolicy;
import org.sharpeyes.hub.media.stream.VideoTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer's RTSP connection to {@code rtsp://HOST:PORT/live/{pointCode}?token=…}: the token is checked against
 * the operator's region at DESCRIBE, which binds the connection to that one point; SETUP takes RTP interleaved over
 * TCP or RTP over UDP, in the order the client offers them; PLAY starts at once from the path's last key frame.
 */
final class RtspViewerHandler extends SimpleChannelInboundHandler<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(RtspViewerHandler.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ViewerAccess access;
    private final UdpPair udp;
    private final PathRegistry paths;
    private final ReaderPolicy policy;
    private final String sessionId = HexFormat.of().formatHex(randomBytes()).toUpperCase(Locale.ROOT);
    private Attachment attachment;
    private String pointCode;
    private QueuedReader reader;
    private int rtpChannel = -1;
    private InetSocketAddress udpDestination;
    private int audioChannel = -1;
    private InetSocketAddress audioDestination;

    RtspViewerHandler(ViewerAccess access, UdpPair udp, PathRegistry paths, ReaderPolicy policy) {
        this.access = access;
        this.udp = udp;
        this.paths = paths;
        this.policy = policy;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object message) {
        if (message instanceof FullHttpRequest request) {
            onRequest(ctx, request);
        }
        // Interleaved frames from the viewer are RTCP receiver reports: nothing to do with them yet.
    }

    private void onRequest(ChannelHandlerContext ctx, FullHttpRequest request) {
        String cseq = request.headers().get(RtspHeaderNames.CSEQ, "0");
        if (request.decoderResult().isFailure()) {
            reply(ctx, cseq, RtspResponseStatuses.BAD_REQUEST, Map.of(), null);
            return;
        }
        switch (request.method().name()) {
            case "OPTIONS" -> reply(ctx, cseq, RtspResponseStatuses.OK,
                    Map.of("Public", "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER"), null);
            case "DESCRIBE" -> describe(ctx, cseq, request);
            case "SETUP" -> setup(ctx, cseq, request.headers().get(RtspHeaderNames.TRANSPORT),
                    isAudioTrack(request.uri()));
            case "PLAY" -> play(ctx, cseq);
            case "TEARDOWN" -> {
                stop();
                reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Session", sessionId), null);
            }
            case "GET_PARAMETER", "SET_PARAMETER" -> reply(ctx, cseq, RtspResponseStatuses.OK,
                    Map.of("Session", sessionId), null);
            default -> reply(ctx, cseq, RtspResponseStatuses.METHOD_NOT_ALLOWED, Map.of(), null);
        }
    }

    private void describe(ChannelHandlerContext ctx, String cseq, FullHttpRequest request) {
        if (attachment != null) {
            reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Content-Type", "application/sdp", "Content-Base",
                    contentBase(ctx)), sdp(attachment.stream().track(), attachment.stream().audioTrack()));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        int live = path.indexOf("/live/");
        String code = live < 0 ? "" : path.substring(live + 6).replaceAll("/+$", "");
        if (code.isEmpty() || code.contains("/")) {
            reply(ctx, cseq, RtspResponseStatuses.NOT_FOUND, Map.of(), null);
            return;
        }
        String token = BearerToken.from(request.headers().get(RtspHeaderNames.AUTHORIZATION), uri.parameters());
        access.authorize(token, code, ctx.channel()).thenCompose(paths::attach).whenComplete((opened, error) ->
                ctx.executor().execute(() -> {
                    if (error != null) {
                        refuse(ctx, cseq, code, error);
                    } else if (!ctx.channel().isActive()) {
                        opened.detach();
                    } else {
                        attachment = opened;
                        pointCode = code;
                        reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Content-Type", "application/sdp",
                                "Content-Base", contentBase(ctx)), sdp(opened.stream().track(), opened.stream().audioTrack()));
                    }
                }));
    }

    private void refuse(ChannelHandlerContext ctx, String cseq, String code, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ViewerAccess.Refusal refusal) {
            reply(ctx, cseq, refusal.status(), refusal.status().code() == 401
                    ? Map.of("WWW-Authenticate", "Bearer realm=\"Sharp Eyes Hub\"") : Map.of(), null);
        } else if (cause instanceof MediaUnavailableException unavailable) {
            HttpResponseStatus status = unavailable.kind() == MediaUnavailableException.Kind.NOT_FOUND
                    ? RtspResponseStatuses.NOT_FOUND
                    : new HttpResponseStatus(503, "Camera Unavailable");
            reply(ctx, cseq, status, Map.of("X-Reason", ascii(unavailable.getMessage())), null);
        } else {
            LOG.warn("live/{}: DESCRIBE failed", code, cause);
            reply(ctx, cseq, RtspResponseStatuses.INTERNAL_SERVER_ERROR, Map.of(), null);
        }
    }

    private String contentBase(ChannelHandlerContext ctx) {
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        return "rtsp://" + local.getHostString() + ":" + local.getPort() + "/live/" + pointCode + "/";
    }

    private static String sdp(VideoTrack track, AudioTrack audio) {
        List<MediaDescription> media = new ArrayList<>();
        media.add(track.describe(MediaStream.PAYLOAD_TYPE, "trackID=0"));
        if (audio != null) {
            media.add(audio.describe("trackID=1"));
        }
        return new SessionDescription("*", media).format("Sharp Eyes Hub");
    }

    /** Whether a SETUP names the audio track, in the path or (clients append it to any URL) after a query. */
    private static boolean isAudioTrack(String uri) {
        String trimmed = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        return trimmed.endsWith("/trackID=1") || new QueryStringDecoder(uri).path().endsWith("/trackID=1");
    }

    private void setup(ChannelHandlerContext ctx, String cseq, String transport, boolean audio) {
        if (attachment == null || (audio && attachment.stream().audioTrack() == null)) {
            reply(ctx, cseq, RtspResponseStatuses.METHOD_NOT_VALID, Map.of(), null);
            return;
        }
        List<TransportHeader> offered;
        try {
            offered = TransportHeader.parseAll(transport == null ? "" : transport);
        } catch (IllegalArgumentException e) {
            LOG.debug("live/{}: unreadable Transport '{}'", pointCode, transport);
            reply(ctx, cseq, RtspResponseStatuses.UNSUPPORTED_TRANSPORT, Map.of(), null);
            return;
        }
        // The client's order is its preference: take the first offer this server can carry.
        for (TransportHeader offer : offered) {
            if (offer.isTcp()) {
                int channel = offer.interleaved() == null ? (audio ? 2 : 0) : offer.interleaved()[0];
                if (audio) {
                    audioChannel = channel;
                } else {
                    rtpChannel = channel;
                    udpDestination = null;
                }
                TransportHeader chosen = new TransportHeader("RTP/AVP/TCP", false,
                        new int[] {channel, channel + 1}, null, null, null, null);
                reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Transport", chosen.format(), "Session",
                        sessionId + ";timeout=60"), null);
                return;
            }
            if (!offer.multicast() && offer.clientPort() != null) {
                InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
                InetSocketAddress destination = new InetSocketAddress(peer.getAddress(), offer.clientPort()[0]);
                if (audio) {
                    audioDestination = destination;
                } else {
                    udpDestination = destination;
                    rtpChannel = -1;
                }
                TransportHeader chosen = new TransportHeader("RTP/AVP", false, null, offer.clientPort(),
                        new int[] {udp.rtpPort(), udp.rtpPort() + 1}, null, null);
                reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Transport", chosen.format(), "Session",
                        sessionId + ";timeout=60"), null);
                return;
            }
        }
        reply(ctx, cseq, RtspResponseStatuses.UNSUPPORTED_TRANSPORT, Map.of(), null);
    }

    private void play(ChannelHandlerContext ctx, String cseq) {
        if (attachment == null || (rtpChannel < 0 && udpDestination == null)) {
            reply(ctx, cseq, RtspResponseStatuses.METHOD_NOT_VALID, Map.of(), null);
            return;
        }
        reply(ctx, cseq, RtspResponseStatuses.OK, Map.of("Session", sessionId, "Range", "npt=0.000-"), null);
        if (reader == null) {
            reader = udpDestination != null ? new UdpStreamReader(ctx.channel(), udp.rtp(), udpDestination,
                    audioDestination, policy) : new RtspStreamReader(ctx.channel(), rtpChannel, audioChannel, policy);
            attachment.start(reader);
        }
    }

    private void stop() {
        reader = null;
        if (attachment != null) {
            attachment.detach();
            attachment = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("RTSP viewer {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    private static void reply(ChannelHandlerContext ctx, String cseq, HttpResponseStatus status,
            Map<String, String> headers, String body) {
        ctx.writeAndFlush(RtspCodecs.response(cseq, status, "SharpEyesHub", headers, body));
    }

    private static String ascii(String text) {
        return text.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

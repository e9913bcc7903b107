package org.sharpeyes.adapters.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspVersions;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The handlers every RTSP endpoint (client or server) puts in its pipeline, and whole responses for servers. */
public final class RtspCodecs {

    private static final InterleavedFrameEncoder FRAME_ENCODER = new InterleavedFrameEncoder();

    private RtspCodecs() {
    }

    /**
     * Adds, in order: the interleaved-frame splitter, Netty's RTSP decoder, an aggregator into full messages (64 KiB
     * at most), the RTSP encoder and the interleaved-frame encoder. The caller's handler goes after them.
     */
    public static ChannelPipeline addTo(ChannelPipeline pipeline) {
        return pipeline.addLast("frames", new InterleavedFrameDecoder())
                .addLast("rtspDecoder", new RtspDecoder())
                .addLast("aggregator", new HttpObjectAggregator(64 * 1024))
                .addLast("rtspEncoder", new RtspEncoder())
                .addLast("frameEncoder", FRAME_ENCODER);
    }

    /** A complete response echoing {@code cseq}, with {@code headers} and an optional UTF-8 body. */
    public static FullHttpResponse response(String cseq, HttpResponseStatus status, String server,
            Map<String, String> headers, String body) {
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status, content);
        response.headers().set(RtspHeaderNames.CSEQ, cseq);
        response.headers().set("Server", server);
        headers.forEach((name, value) -> response.headers().set(name, value));
        response.headers().setInt(RtspHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }
}

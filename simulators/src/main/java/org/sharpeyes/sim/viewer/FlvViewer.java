package org.sharpeyes.sim.viewer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test and benchmark viewer of HTTP-FLV: GETs one {@code http://…/live/{code}.flv} URL and counts the pictures in
 * the FLV tags as they arrive (sequence headers aside) and the delay from the server's answer (sent once the stream
 * plays, as an RTSP server answers PLAY) to the first key frame, without decoding. Many of them share one event loop group, like {@link RtspViewer}.
 */
public final class FlvViewer extends CountingViewer {

    private final AtomicLong bytes = new AtomicLong();
    private volatile long answeredNanos;

    public FlvViewer(URI url) {
        super(url);
    }

    @Override
    protected void pipeline(ChannelPipeline pipeline) {
        pipeline.addLast(new HttpClientCodec(), new Handler());
    }

    /** FLV numbers nothing, so no loss can be told. */
    @Override
    public long lost() {
        return 0;
    }

    /** Bytes of stream received. */
    public long bytes() {
        return bytes.get();
    }

    /** The request, and the FLV tags read from the chunks as they come. */
    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private final FlvTagCounter tags = new FlvTagCounter(keyFrame -> {
            pictures.incrementAndGet();
            if (keyFrame && !firstKeyFrameNanos.isDone()) {
                firstKeyFrameNanos.complete(System.nanoTime() - answeredNanos);
            }
        });

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                    url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
            request.headers().set(HttpHeaderNames.HOST, url.getHost() + ":" + url.getPort());
            ctx.writeAndFlush(request);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object message) {
            if (message instanceof HttpResponse response) {
                if (response.status().code() != 200) {
                    playing.completeExceptionally(new IllegalStateException(response.status().toString()));
                    ctx.close();
                    return;
                }
                // The server answers once the stream plays for this viewer, as an RTSP server answers PLAY: time from
                // here, so the two protocols' figures compare.
                answeredNanos = System.nanoTime();
                playing.complete(response.status().toString());
            }
            if (message instanceof HttpContent content && content.content().isReadable()) {
                bytes.addAndGet(content.content().readableBytes());
                tags.read(content.content());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            tags.release();
            playing.completeExceptionally(new IllegalStateException("connection closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            playing.completeExceptionally(cause);
            ctx.close();
        }
    }
}

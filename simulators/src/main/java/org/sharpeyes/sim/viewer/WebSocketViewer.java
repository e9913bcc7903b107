package org.sharpeyes.sim.viewer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;

/**
 * A test and benchmark viewer of the browser streams over WebSocket: {@code ws://…/live/{code}.mp4} (fragmented MP4,
 * as the web UI plays it through Media Source Extensions) or {@code ws://…/live/{code}.flv} (WebSocket-FLV, as
 * flv.js/mpegts.js play it). Counts pictures from the fragments or tags without decoding, and times the first key
 * frame from the end of the handshake (the server's answer, as PLAY's is for RTSP).
 */
public final class WebSocketViewer extends CountingViewer {

    private static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private volatile long answeredNanos;

    /** {@code url} is ws://; a path ending in {@code .mp4} is read as fragmented MP4, any other as FLV. */
    public WebSocketViewer(URI url) {
        super(url);
    }

    /** WebSocket numbers nothing, so no loss can be told. */
    @Override
    public long lost() {
        return 0;
    }

    @Override
    protected void pipeline(ChannelPipeline pipeline) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(url)
                .maxFramePayloadLength(MAX_MESSAGE).handleCloseFrames(true).build();
        pipeline.addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                new WebSocketClientProtocolHandler(config), new Handler(url.getPath().endsWith(".mp4")));
    }

    private void picture(boolean keyFrame) {
        pictures.incrementAndGet();
        if (keyFrame && !firstKeyFrameNanos.isDone()) {
            firstKeyFrameNanos.complete(System.nanoTime() - answeredNanos);
        }
    }

    /** The handshake's outcome, then each binary message read as fragments or FLV bytes. */
    private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final Mp4FragmentCounter fragments;
        private final FlvTagCounter tags;

        Handler(boolean mp4) {
            fragments = mp4 ? new Mp4FragmentCounter(WebSocketViewer.this::picture) : null;
            tags = mp4 ? null : new FlvTagCounter(WebSocketViewer.this::picture);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            channel = ctx.channel();
            super.channelActive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                answeredNanos = System.nanoTime();
                playing.complete("101 Switching Protocols");
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (!(frame instanceof BinaryWebSocketFrame)) {
                return;
            }
            if (fragments != null) {
                fragments.read(frame.content());
            } else {
                tags.read(frame.content());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (tags != null) {
                tags.release();
            }
            playing.completeExceptionally(new IllegalStateException("connection closed"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            playing.completeExceptionally(cause instanceof WebSocketClientHandshakeException
                    ? new IllegalStateException(cause.getMessage()) : cause);
            ctx.close();
        }
    }
}

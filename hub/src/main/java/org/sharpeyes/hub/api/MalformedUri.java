package org.sharpeyes.hub.api;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.sharpeyes.hub.registry.Echo;

/**
 * Answers 400 with the API's JSON error to a request whose URL cannot be decoded (a stray {@code %}, a broken escape),
 * before any handler reads it: every later handler decodes the URL and would otherwise fail with no answer at all.
 */
final class MalformedUri extends ChannelInboundHandlerAdapter {

    private final Counter refused;

    MalformedUri(Counter refused) {
        this.refused = refused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof FullHttpRequest request && !request.decoderResult().isFailure()) {
            String problem = problem(request.uri());
            if (problem != null) {
                request.release();
                refused.increment();
                ErrorResponses.sendAndClose(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", null,
                        "the URL cannot be decoded (" + problem + "): write '%' as %25; got " + Echo.text(
                                request.uri()));
                return;
            }
        }
        ctx.fireChannelRead(message);
    }

    private static String problem(String uri) {
        try {
            QueryStringDecoder decoder = new QueryStringDecoder(uri);
            decoder.path();
            decoder.parameters();
            return null;
        } catch (IllegalArgumentException e) {
            return Echo.text(e.getMessage());
        }
    }
}

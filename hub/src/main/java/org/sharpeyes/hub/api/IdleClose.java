package org.sharpeyes.hub.api;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes an HTTP connection that has said nothing for the idle limit, so abandoned clients do not hold sockets. A
 * WebSocket may rightly be quiet for hours (a wall nobody changes): it gets a ping instead, and is closed only when
 * that cannot be written.
 */
final class IdleClose extends ChannelDuplexHandler {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            if (ctx.pipeline().get("wsencoder") != null) {
                ctx.writeAndFlush(new io.netty.handler.codec.http.websocketx.PingWebSocketFrame())
                        .addListener(io.netty.channel.ChannelFutureListener.CLOSE_ON_FAILURE);
            } else {
                ctx.close();
            }
        } else {
            super.userEventTriggered(ctx, event);
        }
    }
}

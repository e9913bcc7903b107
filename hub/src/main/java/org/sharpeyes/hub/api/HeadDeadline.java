package org.sharpeyes.hub.api;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request line and headers have not all arrived within the deadline, from its opening or
 * from the end of the previous reply: a client trickling its headers a byte at a time would otherwise hold a socket
 * for as long as it likes. Streams and WebSockets, once answered, are not timed.
 */
final class HeadDeadline extends ChannelDuplexHandler {

    private final long millis;
    private final Counter cut;
    private ScheduledFuture<?> timer;
    private boolean upgraded;

    HeadDeadline(long millis, Counter cut) {
        this.millis = millis;
        this.cut = cut;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (message instanceof HttpRequest) {
            disarm();
        }
        super.channelRead(ctx, message);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
        if (message instanceof HttpResponse response
                && response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
            upgraded = true;
            disarm();
        } else if (message instanceof LastHttpContent && !upgraded) {
            promise = promise.unvoid();
            promise.addListener(done -> {
                if (done.isSuccess() && ctx.channel().isActive()) {
                    arm(ctx);
                }
            });
        }
        super.write(ctx, message, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        timer = ctx.executor().schedule(() -> {
            cut.increment();
            ctx.close();
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}

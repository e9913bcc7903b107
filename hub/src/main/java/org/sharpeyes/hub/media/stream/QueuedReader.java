package org.sharpeyes.hub.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.util.ReferenceCounted;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A viewer on a Netty channel. The stream hands it pictures on the channel's event loop, where they wait in its own
 * queue and are written only while the channel is writable, the rest as the socket drains. A joiner's whole cached
 * group of pictures is queued at once, however long; beyond it at most {@value #MAX_PENDING} live pictures may wait. A viewer that falls
 * further behind loses pictures up to the next key frame, so only it suffers and its picture never smears; losses are
 * counted and logged in batches, and a viewer that takes nothing for {@link ReaderPolicy#maxBehindNanos} is
 * disconnected. Subclasses write one picture in their protocol.
 */
public abstract class QueuedReader implements StreamReader {

    public static final int MAX_PENDING = 50;
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(QueuedReader.class);

    protected final Channel channel;
    private final ReaderPolicy policy;
    /** Live pictures and audio queued (a joiner's cached group not counted); touched on the channel's loop only. */
    private int pending;
    private final ArrayDeque<ReferenceCounted> queue = new ArrayDeque<>();
    private int catchUpLeft;
    private boolean detached;
    private DrainWhenWritable watch;
    private boolean waitingForKeyFrame = true;
    private long behindSince = -1;
    private long droppedSinceLog;
    private long lastLog;

    protected QueuedReader(Channel channel, ReaderPolicy policy) {
        this.channel = channel;
        this.policy = policy;
        this.lastLog = policy.clock().getAsLong();
    }

    @Override
    public final EventExecutor executor() {
        return channel.eventLoop();
    }

    /**
     * Queues the cached group before any picture the stream offers later: directly when called on the channel's loop,
     * else in a task that the loop runs before the stream's later hand-overs, which it queues behind.
     */
    @Override
    public final void join(List<AccessUnit> gop) {
        if (gop.isEmpty()) {
            return;
        }
        gop.forEach(AccessUnit::retain);
        onLoop(() -> {
            waitingForKeyFrame = false;
            catchUpLeft += gop.size();
            queue.addAll(gop);
            drain();
        });
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    /** Runs on the channel's loop (the stream's hand-over). */
    @Override
    public final void offer(AccessUnit unit) {
        if (detached) {
            return;
        }
        if (pending >= MAX_PENDING) {
            waitingForKeyFrame = true;
            drop(true);
            return;
        }
        if (waitingForKeyFrame && !unit.keyFrame()) {
            drop(behindSince >= 0);
            return;
        }
        behindSince = -1;
        waitingForKeyFrame = false;
        if (nothingWaits()) {
            write(unit);
            return;
        }
        enqueue(unit.retain());
    }

    /** Whether a picture may be written at once, without a trip through the queue (nearly always, live). */
    private boolean nothingWaits() {
        return queue.isEmpty() && writable();
    }

    /**
     * Queues audio behind the pictures already queued; a viewer that is waiting for a key frame or falling behind
     * skips it (its losses are counted in pictures).
     */
    @Override
    public final void offerAudio(AudioUnit unit) {
        if (detached || waitingForKeyFrame || pending >= MAX_PENDING) {
            return;
        }
        if (nothingWaits()) {
            writeAudio(unit);
            return;
        }
        enqueue(unit.retain());
    }

    private void enqueue(ReferenceCounted unit) {
        pending++;
        queue.add(unit);
        drain();
    }

    @Override
    public final void detached() {
        onLoop(() -> {
            detached = true;
            releaseAll();
            if (watch != null && channel.isActive()) {
                channel.pipeline().remove(watch);
                watch = null;
            }
        });
    }

    /** Writes what waits while the channel takes it; runs on the channel's event loop. */
    private void drain() {
        if (detached) {
            releaseAll();
            return;
        }
        while (!queue.isEmpty() && writable()) {
            ReferenceCounted next = queue.poll();
            try {
                if (next instanceof AccessUnit unit) {
                    write(unit);
                } else {
                    writeAudio((AudioUnit) next);
                }
            } finally {
                taken();
                next.release();
            }
        }
        if (!queue.isEmpty() && watch == null && channel.isActive()) {
            watch = new DrainWhenWritable();
            channel.pipeline().addFirst(watch);
        }
    }

    private void releaseAll() {
        while (!queue.isEmpty()) {
            taken();
            queue.poll().release();
        }
    }

    private void taken() {
        if (catchUpLeft > 0) {
            catchUpLeft--;
        } else {
            pending--;
        }
    }

    /**
     * Where a picture is written so that it goes straight to the socket: the pipeline's first handler, past the
     * protocol encoders and guards, which have nothing to do with bytes already framed. Other writes (RTSP answers,
     * FLV headers) still pass the encoders; all of them are made on this loop, so they reach the socket in order.
     */
    private ChannelOutboundInvoker socket() {
        ChannelHandlerContext first = channel.pipeline().firstContext();
        return first == null ? channel : first;
    }

    /**
     * Writes a buffer that every viewer shares, already framed in the viewer's protocol, straight to the socket: with
     * one send(2) of our own when nothing waits before it in Netty's outbound buffer (on epoll), past the pipeline,
     * the outbound buffer's bookkeeping and a duplicate per viewer, which together cost more than the system call at
     * a few hundred viewers; what the socket does not take then, or everything when something waits, goes the usual
     * way behind it, so bytes never overtake each other. Runs on the channel's event loop; {@code framed} stays the
     * caller's.
     */
    protected final void writeShared(ByteBuf framed) {
        int sent = StraightSend.send(channel, framed);
        int left = framed.readableBytes() - sent;
        if (left > 0) {
            socket().writeAndFlush(framed.retainedSlice(framed.readerIndex() + sent, left), channel.voidPromise());
        }
    }

    /** Whether the transport takes more now; UDP readers, whose socket is shared, always do. */
    protected boolean writable() {
        return channel.isWritable();
    }

    /** Counts a lost picture, logs losses in batches, and lets go of a viewer that has been behind too long. */
    private void drop(boolean behind) {
        policy.dropped().increment();
        droppedSinceLog++;
        long now = policy.clock().getAsLong();
        if (behind && behindSince < 0) {
            behindSince = now;
        }
        if (now - lastLog >= LOG_EVERY_NANOS) {
            LOG.info("viewer {} lost {} pictures in the last {} s: its link is slower than the stream",
                    channel.remoteAddress(), droppedSinceLog, TimeUnit.NANOSECONDS.toSeconds(now - lastLog));
            droppedSinceLog = 0;
            lastLog = now;
        }
        if (behind && now - behindSince >= policy.maxBehindNanos() && channel.isActive()) {
            LOG.warn("viewer {} disconnected: it took no picture for {} s", channel.remoteAddress(),
                    TimeUnit.NANOSECONDS.toSeconds(now - behindSince));
            policy.disconnected().increment();
            channel.close();
        }
    }

    /** Writes one picture to the channel; runs on the channel's event loop. */
    protected abstract void write(AccessUnit unit);

    /** Writes one audio packet, for outputs that carry audio; runs on the channel's event loop. */
    protected void writeAudio(AudioUnit unit) {
    }

    /** Resumes the queue when the socket has drained; Netty's own back-pressure signal, no polling. */
    private final class DrainWhenWritable extends ChannelInboundHandlerAdapter {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                ctx.pipeline().remove(this);
                watch = null;
                drain();
            }
            ctx.fireChannelWritabilityChanged();
        }
    }
}

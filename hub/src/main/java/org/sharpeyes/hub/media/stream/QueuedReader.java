package org.sharpeyes.hub.media.stream;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A viewer on a Netty channel. Pictures queue on the viewer's own event loop, at most {@value #MAX_PENDING} at a
 * time; a viewer that falls behind (queue full or socket not writable) loses pictures up to the next key frame, so
 * only it suffers and its picture never smears. Subclasses write one picture in their protocol.
 */
public abstract class QueuedReader implements StreamReader {

    public static final int MAX_PENDING = 50;

    protected final Channel channel;
    private final Counter dropped;
    private final AtomicInteger pending = new AtomicInteger();
    private boolean waitingForKeyFrame = true;

    protected QueuedReader(Channel channel, Counter dropped) {
        this.channel = channel;
        this.dropped = dropped;
    }

    @Override
    public final void offer(AccessUnit unit) {
        if (waitingForKeyFrame && !unit.keyFrame()) {
            dropped.increment();
            return;
        }
        if (pending.get() >= MAX_PENDING || !channel.isWritable()) {
            waitingForKeyFrame = true;
            dropped.increment();
            return;
        }
        waitingForKeyFrame = false;
        unit.retain();
        pending.incrementAndGet();
        channel.eventLoop().execute(() -> {
            try {
                write(unit);
            } finally {
                pending.decrementAndGet();
                unit.release();
            }
        });
    }

    /** Writes one picture to the channel; runs on the channel's event loop. */
    protected abstract void write(AccessUnit unit);
}

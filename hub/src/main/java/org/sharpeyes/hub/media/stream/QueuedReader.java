package org.sharpeyes.hub.media.stream;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A viewer on a Netty channel. Pictures queue on the viewer's own event loop, at most {@value #MAX_PENDING} at a
 * time; a viewer that falls behind (queue full or socket not writable) loses pictures up to the next key frame, so
 * only it suffers and its picture never smears; losses are counted and logged in batches, and a viewer that takes
 * nothing for {@link #MAX_BEHIND_NANOS} is disconnected. Subclasses write one picture in their protocol.
 */
public abstract class QueuedReader implements StreamReader {

    public static final int MAX_PENDING = 50;
    /** A viewer that cannot take pictures for this long is disconnected: its link cannot carry the stream. */
    public static final long MAX_BEHIND_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(QueuedReader.class);

    protected final Channel channel;
    private final Counter dropped;
    private final LongSupplier clock;
    private final AtomicInteger pending = new AtomicInteger();
    private boolean waitingForKeyFrame = true;
    private long behindSince = -1;
    private long droppedSinceLog;
    private long lastLog;

    protected QueuedReader(Channel channel, Counter dropped) {
        this(channel, dropped, System::nanoTime);
    }

    protected QueuedReader(Channel channel, Counter dropped, LongSupplier clock) {
        this.channel = channel;
        this.dropped = dropped;
        this.clock = clock;
        this.lastLog = clock.getAsLong();
    }

    @Override
    public final void offer(AccessUnit unit) {
        if (pending.get() >= MAX_PENDING || !channel.isWritable()) {
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

    /**
     * Queues audio behind the pictures already queued; a viewer that is waiting for a key frame or falling behind
     * skips it (its losses are counted in pictures).
     */
    @Override
    public final void offerAudio(AudioUnit unit) {
        if (waitingForKeyFrame || pending.get() >= MAX_PENDING || !channel.isWritable()) {
            return;
        }
        unit.retain();
        pending.incrementAndGet();
        channel.eventLoop().execute(() -> {
            try {
                writeAudio(unit);
            } finally {
                pending.decrementAndGet();
                unit.release();
            }
        });
    }

    /** Counts a lost picture, logs losses in batches, and lets go of a viewer that has been behind too long. */
    private void drop(boolean behind) {
        dropped.increment();
        droppedSinceLog++;
        long now = clock.getAsLong();
        if (behind && behindSince < 0) {
            behindSince = now;
        }
        if (now - lastLog >= LOG_EVERY_NANOS) {
            LOG.info("viewer {} lost {} pictures in the last {} s: its link is slower than the stream",
                    channel.remoteAddress(), droppedSinceLog, TimeUnit.NANOSECONDS.toSeconds(now - lastLog));
            droppedSinceLog = 0;
            lastLog = now;
        }
        if (behind && now - behindSince >= MAX_BEHIND_NANOS && channel.isActive()) {
            LOG.warn("viewer {} disconnected: it took no picture for {} s", channel.remoteAddress(),
                    TimeUnit.NANOSECONDS.toSeconds(now - behindSince));
            channel.close();
        }
    }

    /** Writes one picture to the channel; runs on the channel's event loop. */
    protected abstract void write(AccessUnit unit);

    /** Writes one audio packet, for outputs that carry audio; runs on the channel's event loop. */
    protected void writeAudio(AudioUnit unit) {
    }
}

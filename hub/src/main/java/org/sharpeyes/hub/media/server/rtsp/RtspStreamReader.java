package org.sharpeyes.hub.media.server.rtsp;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import org.sharpeyes.adapters.rtsp.InterleavedFrame;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.StreamReader;

/**
 * An RTSP viewer over TCP. Pictures queue on the viewer's own event loop, at most {@value #MAX_PENDING} at a time;
 * when the viewer falls behind (queue full or socket not writable) it loses pictures up to the next key frame, so
 * only it suffers and its picture never smears. The shared RTP packets are written, never copied.
 */
final class RtspStreamReader implements StreamReader {

    static final int MAX_PENDING = 50;

    private final Channel channel;
    private final int rtpChannel;
    private final Counter dropped;
    private final AtomicInteger pending = new AtomicInteger();
    private boolean waitingForKeyFrame = true;

    RtspStreamReader(Channel channel, int rtpChannel, Counter dropped) {
        this.channel = channel;
        this.rtpChannel = rtpChannel;
        this.dropped = dropped;
    }

    @Override
    public void offer(AccessUnit unit) {
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
        channel.eventLoop().execute(() -> write(unit));
    }

    private void write(AccessUnit unit) {
        try {
            for (ByteBuf packet : unit.rtpPackets()) {
                channel.write(new InterleavedFrame(rtpChannel, packet.retainedDuplicate()), channel.voidPromise());
            }
            channel.flush();
        } finally {
            pending.decrementAndGet();
            unit.release();
        }
    }
}

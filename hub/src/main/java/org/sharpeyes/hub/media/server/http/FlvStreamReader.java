package org.sharpeyes.hub.media.server.http;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.function.Function;
import org.sharpeyes.adapters.flv.FlvTags;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.media.stream.QueuedReader;
import org.sharpeyes.hub.media.stream.VideoTrack;

/**
 * An FLV viewer (HTTP-FLV or WebSocket-FLV; H.264, or H.265 as enhanced FLV): the file header, metadata and the
 * sequence header before its first key frame (and the sequence header again whenever the camera's parameter sets change), then one tag per picture around
 * the stream's shared body. Timestamps start at 0 for each viewer.
 */
final class FlvStreamReader extends QueuedReader {

    private final MediaStream stream;
    private final Function<ByteBuf, Object> frame;
    private VideoTrack announced;
    private long firstTimestamp = -1;

    /** {@code frame} wraps FLV bytes in what the channel carries: an HTTP chunk or a WebSocket binary frame. */
    FlvStreamReader(Channel channel, Counter dropped, MediaStream stream, Function<ByteBuf, Object> frame) {
        super(channel, dropped);
        this.stream = stream;
        this.frame = frame;
    }

    @Override
    protected void write(AccessUnit unit) {
        VideoTrack track = stream.track();
        if (firstTimestamp < 0) {
            firstTimestamp = unit.timestamp();
            channel.write(frame.apply(FlvTags.fileHeader(channel.alloc())), channel.voidPromise());
            channel.write(frame.apply(FlvTags.tag(channel.alloc(), FlvTags.SCRIPT, 0,
                    FlvTags.metadata(channel.alloc(), unit.codec(),
                            track == null ? 0 : track.width(), track == null ? 0 : track.height()))), channel.voidPromise());
        }
        long millis = Math.max(0, (unit.timestamp() - firstTimestamp) / 90);
        if (track != null && track != announced && unit.keyFrame() && track.codec() == unit.codec()) {
            announced = track;
            channel.write(frame.apply(FlvTags.tag(channel.alloc(), FlvTags.VIDEO, millis,
                    FlvTags.sequenceHeader(channel.alloc(), track.codec(), track.decoderConfiguration()))),
                    channel.voidPromise());
        }
        channel.writeAndFlush(frame.apply(FlvTags.tag(channel.alloc(), FlvTags.VIDEO, millis,
                unit.flvBody().retainedDuplicate())), channel.voidPromise());
    }
}

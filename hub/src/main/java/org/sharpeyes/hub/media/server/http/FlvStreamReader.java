package org.sharpeyes.hub.media.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.function.Function;
import org.sharpeyes.adapters.flv.FlvTags;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.AudioTrack;
import org.sharpeyes.hub.media.stream.AudioUnit;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.media.stream.QueuedReader;
import org.sharpeyes.hub.media.stream.ReaderPolicy;
import org.sharpeyes.hub.media.stream.VideoTrack;

/**
 * An FLV viewer (HTTP-FLV or WebSocket-FLV; H.264, or H.265 as enhanced FLV): the file header, metadata and the
 * sequence header before its first key frame (and the sequence header again whenever the camera's parameter sets
 * change), then one tag per picture around the stream's shared body, and the camera's audio when FLV can carry it
 * (AAC, G.711). Timestamps start at 0 for each viewer.
 */
final class FlvStreamReader extends QueuedReader {

    private final MediaStream stream;
    private final Function<ByteBuf, Object> frame;
    private VideoTrack announced;
    private long firstTimestamp = -1;
    private AudioTrack audio;
    private boolean audioAnnounced;

    /** {@code frame} wraps FLV bytes in what the channel carries: an HTTP chunk or a WebSocket binary frame. */
    FlvStreamReader(Channel channel, ReaderPolicy policy, MediaStream stream, Function<ByteBuf, Object> frame) {
        super(channel, policy);
        this.stream = stream;
        this.frame = frame;
    }

    @Override
    protected void write(AccessUnit unit) {
        VideoTrack track = stream.track();
        if (firstTimestamp < 0) {
            firstTimestamp = unit.timestamp();
            AudioTrack offered = stream.audioTrack();
            audio = offered == null || offered.flvCarriage() == AudioTrack.FlvCarriage.NONE ? null : offered;
            channel.write(frame.apply(FlvTags.fileHeader(channel.alloc(), audio != null)), channel.voidPromise());
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

    /** Audio the file header announced, from the first picture on; AAC gets its sequence header first. */
    @Override
    protected void writeAudio(AudioUnit unit) {
        if (audio == null || firstTimestamp < 0 || stream.audioTrack() != audio || unit.flv().isEmpty()) {
            return;
        }
        for (AudioUnit.FlvAudio piece : unit.flv()) {
            long millis = Math.max(0, (piece.timestamp() - firstTimestamp) / 90);
            if (!audioAnnounced && audio.flvCarriage() == AudioTrack.FlvCarriage.AAC) {
                channel.write(frame.apply(FlvTags.tag(channel.alloc(), FlvTags.AUDIO, millis,
                        FlvTags.aacSequenceHeader(channel.alloc(), audio.aacConfig()))), channel.voidPromise());
            }
            audioAnnounced = true;
            channel.write(frame.apply(FlvTags.tag(channel.alloc(), FlvTags.AUDIO, millis,
                    piece.body().retainedDuplicate())), channel.voidPromise());
        }
        channel.flush();
    }
}

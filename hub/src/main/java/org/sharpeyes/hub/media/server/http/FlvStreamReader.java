package org.sharpeyes.hub.media.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.nio.charset.StandardCharsets;
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

    private static final int CRLF = 0x0D0A;

    private final MediaStream stream;
    private final Function<ByteBuf, Object> frame;
    private final boolean chunked;
    private VideoTrack announced;
    private long firstTimestamp = -1;
    private AudioTrack audio;
    private boolean audioAnnounced;

    /** An HTTP-FLV viewer on a response already sent with chunked transfer encoding. */
    static FlvStreamReader http(Channel channel, ReaderPolicy policy, MediaStream stream) {
        return new FlvStreamReader(channel, policy, stream, DefaultHttpContent::new, true);
    }

    /** A WebSocket-FLV viewer, one binary frame a tag. */
    static FlvStreamReader webSocket(Channel channel, ReaderPolicy policy, MediaStream stream) {
        return new FlvStreamReader(channel, policy, stream, BinaryWebSocketFrame::new, false);
    }

    /**
     * {@code frame} wraps FLV bytes in what the channel carries: an HTTP chunk or a WebSocket binary frame; pictures
     * in {@code chunked} HTTP are framed here instead, as they are the bulk of the bytes.
     */
    private FlvStreamReader(Channel channel, ReaderPolicy policy, MediaStream stream, Function<ByteBuf, Object> frame,
            boolean chunked) {
        super(channel, policy);
        this.stream = stream;
        this.frame = frame;
        this.chunked = chunked;
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
        ByteBuf body = unit.flvBody();
        if (chunked) {
            writeChunk(body, unit.flvTrailer(), millis);
        } else {
            writeMessage(body, unit.flvTrailer(), millis);
        }
    }

    /**
     * One picture as one HTTP chunk, written straight to the socket: the chunk's size line and the tag's header, made
     * for this viewer (its timestamp), then the body and the trailer every HTTP-FLV viewer shares.
     */
    private void writeChunk(ByteBuf body, ByteBuf trailer, long millis) {
        int tagBytes = FlvTags.TAG_HEADER_BYTES + body.readableBytes() + 4;
        ByteBuf head = channel.alloc().buffer(10 + FlvTags.TAG_HEADER_BYTES);
        head.writeCharSequence(Integer.toHexString(tagBytes), StandardCharsets.US_ASCII);
        head.writeShort(CRLF);
        FlvTags.tagHeader(head, FlvTags.VIDEO, body.readableBytes(), millis);
        ChannelOutboundInvoker socket = socket();
        socket.write(head, channel.voidPromise());
        socket.write(body.retainedDuplicate(), channel.voidPromise());
        socket.writeAndFlush(trailer.retainedDuplicate(), channel.voidPromise());
    }

    /**
     * One picture as one WebSocket message, written straight to the socket: the frame header and the tag's header,
     * made for this viewer, then the shared body and the trailer's tag length.
     */
    private void writeMessage(ByteBuf body, ByteBuf trailer, long millis) {
        ByteBuf head = FlvTags.tagHeader(WebSocketFrames.head(channel.alloc(), FlvTags.TAG_HEADER_BYTES),
                FlvTags.VIDEO, body.readableBytes(), millis);
        ChannelOutboundInvoker socket = socket();
        socket.write(WebSocketFrames.framed(head, body.readableBytes() + 4), channel.voidPromise());
        socket.write(body.retainedDuplicate(), channel.voidPromise());
        socket.writeAndFlush(trailer.retainedSlice(0, 4), channel.voidPromise());
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

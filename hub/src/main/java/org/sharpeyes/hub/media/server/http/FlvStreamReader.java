package org.sharpeyes.hub.media.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
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
 * change), then each picture as one buffer all viewers of the form share (the HTTP chunk or WebSocket message with
 * the tag in it, made once per picture), and the camera's audio when FLV can carry it (AAC, G.711). Timestamps are
 * the stream's own clock in milliseconds, the same for every viewer (players take the first as their start), which
 * is what lets a picture's bytes be shared whole; they wrap after 2^32 ms (49.7 days), as FLV's do.
 */
final class FlvStreamReader extends QueuedReader {

    private static final int CRLF = 0x0D0A;
    /** Keys of the shared forms of a picture. */
    private static final Object HTTP_CHUNK = new Object();
    private static final Object WEBSOCKET_MESSAGE = new Object();

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
        long millis = millis(unit.timestamp());
        if (track != null && track != announced && unit.keyFrame() && track.codec() == unit.codec()) {
            announced = track;
            channel.write(frame.apply(FlvTags.tag(channel.alloc(), FlvTags.VIDEO, millis,
                    FlvTags.sequenceHeader(channel.alloc(), track.codec(), track.decoderConfiguration()))),
                    channel.voidPromise());
        }
        // One contiguous buffer per picture, written straight to the socket past the encoders: one send(2) for
        // each viewer, as an RTSP viewer's interleaved packets are.
        ByteBuf picture = unit.shared(chunked ? HTTP_CHUNK : WEBSOCKET_MESSAGE, chunked ? FlvStreamReader::httpChunk
                : FlvStreamReader::webSocketMessage);
        writeShared(picture);
    }

    /** A time on the stream's 90 kHz clock as an FLV timestamp. */
    private static long millis(long timestamp) {
        return (timestamp / 90) & 0xFFFFFFFFL;
    }

    /** A picture as one HTTP chunk: the size line, the tag (header, body, its length after it), CRLF. */
    private static ByteBuf httpChunk(AccessUnit unit) {
        ByteBuf body = unit.flvBody();
        int tagBytes = FlvTags.TAG_HEADER_BYTES + body.readableBytes() + 4;
        String size = Integer.toHexString(tagBytes);
        ByteBuf chunk = channelAllocator(unit).directBuffer(size.length() + 2 + tagBytes + 2);
        chunk.writeCharSequence(size, StandardCharsets.US_ASCII);
        chunk.writeShort(CRLF);
        FlvTags.tagHeader(chunk, FlvTags.VIDEO, body.readableBytes(), millis(unit.timestamp()));
        chunk.writeBytes(body, body.readerIndex(), body.readableBytes());
        return chunk.writeInt(FlvTags.TAG_HEADER_BYTES + body.readableBytes()).writeShort(CRLF);
    }

    /** A picture as one binary WebSocket message: the frame header, then the tag (header, body, its length). */
    private static ByteBuf webSocketMessage(AccessUnit unit) {
        ByteBuf body = unit.flvBody();
        int tagBytes = FlvTags.TAG_HEADER_BYTES + body.readableBytes() + 4;
        ByteBuf message = WebSocketFrames.head(channelAllocator(unit), tagBytes);
        FlvTags.tagHeader(message, FlvTags.VIDEO, body.readableBytes(), millis(unit.timestamp()));
        message.writeBytes(body, body.readerIndex(), body.readableBytes());
        message.writeInt(FlvTags.TAG_HEADER_BYTES + body.readableBytes());
        return WebSocketFrames.framed(message, 0);
    }

    private static io.netty.buffer.ByteBufAllocator channelAllocator(AccessUnit unit) {
        return unit.flvBody().alloc();
    }

    /** Audio the file header announced, from the first picture on; AAC gets its sequence header first. */
    @Override
    protected void writeAudio(AudioUnit unit) {
        if (audio == null || firstTimestamp < 0 || stream.audioTrack() != audio || unit.flv().isEmpty()) {
            return;
        }
        for (AudioUnit.FlvAudio piece : unit.flv()) {
            long millis = millis(piece.timestamp());
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

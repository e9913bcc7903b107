package org.sharpeyes.hub.media.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import org.sharpeyes.adapters.flv.FlvTags;
import org.sharpeyes.adapters.mp4.Fmp4;
import org.sharpeyes.adapters.rtp.audio.Mpeg4Generic;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.AudioTrack;
import org.sharpeyes.hub.media.stream.AudioUnit;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.media.stream.QueuedReader;
import org.sharpeyes.hub.media.stream.ReaderPolicy;
import org.sharpeyes.hub.media.stream.VideoTrack;

/**
 * A fragmented-MP4 viewer over WebSocket, for the hub's own web UI (Media Source Extensions, no player library):
 * an initialization segment before the first key frame (again when the camera's parameter sets change), then one
 * binary message per picture holding its moof and mdat, made once per picture and written whole by every viewer (one
 * send(2) each): its sequence number is the picture's number in the stream, its decode time the stream's own clock
 * (the player starts where the first fragment lies), its duration the step from the picture before. The sample is
 * the stream's FLV body past its FLV video header, which is exactly the length-prefixed picture. H.264 and H.265,
 * and the camera's AAC as a second track, timed on the same clock.
 */
final class Mp4StreamReader extends QueuedReader {

    private static final int FRAGMENT_HEAD_BYTES = 128;
    /** Key of a picture's shared message. */
    private static final Object FRAGMENT = new Object();
    private static final int AAC_FLV_HEADER = 2;
    private static final int AAC_FRAME = 1024;

    private final MediaStream stream;
    private VideoTrack announced;
    private int audioSequence;
    private AudioTrack audio;
    private int audioRate;
    private long audioDecodeTime = -1;

    Mp4StreamReader(Channel channel, ReaderPolicy policy, MediaStream stream) {
        super(channel, policy);
        this.stream = stream;
    }

    @Override
    protected void write(AccessUnit unit) {
        VideoTrack track = stream.track();
        if (track == null) {
            return;
        }
        if (track != announced && unit.keyFrame() && track.codec() == unit.codec()) {
            announced = track;
            channel.write(new BinaryWebSocketFrame(Fmp4.initSegment(channel.alloc(), track.codec(),
                    track.decoderConfiguration(), track.width(), track.height(), aacTrack())), channel.voidPromise());
        }
        if (announced == null || announced.codec() != unit.codec()) {
            return;
        }
        // Straight to the socket (see QueuedReader.writeShared), the same bytes for every viewer.
        writeShared(unit.shared(FRAGMENT, Mp4StreamReader::fragment));
    }

    /** A picture as one binary WebSocket message: frame header, moof, mdat with the sample. */
    private static ByteBuf fragment(AccessUnit unit) {
        ByteBuf body = unit.flvBody();
        int header = FlvTags.pictureHeaderBytes(unit.codec());
        int size = body.readableBytes() - header;
        ByteBuf message = Fmp4.fragmentHead(WebSocketFrames.head(body.alloc(), FRAGMENT_HEAD_BYTES + size),
                (int) unit.serial(), Fmp4.VIDEO_TRACK, unit.timestamp(), unit.step(), unit.keyFrame(), size);
        message.writeBytes(body, body.readerIndex() + header, size);
        return WebSocketFrames.framed(message, 0);
    }

    /** The AAC track the init segment announces, once, if the camera has one; G.711 has no place in browsers' MP4. */
    private Fmp4.AacTrack aacTrack() {
        if (audio == null) {
            AudioTrack offered = stream.audioTrack();
            if (offered == null || offered.flvCarriage() != AudioTrack.FlvCarriage.AAC) {
                return null;
            }
            audio = offered;
            audioRate = Mpeg4Generic.sampleRate(offered.aacConfig());
            if (audioRate == 0) {
                audio = null;
                return null;
            }
        }
        return new Fmp4.AacTrack(audio.aacConfig(), audioRate, audio.channels());
    }

    /** One fragment per AAC access unit, timed by counting samples from where the video stood when audio began. */
    @Override
    protected void writeAudio(AudioUnit unit) {
        if (audio == null || announced == null || stream.audioTrack() != audio) {
            return;
        }
        for (AudioUnit.FlvAudio piece : unit.flv()) {
            if (audioDecodeTime < 0) {
                audioDecodeTime = Math.max(0, piece.timestamp()) * audioRate / Fmp4.TIMESCALE;
            }
            ByteBuf body = piece.body();
            ByteBuf sample = body.retainedSlice(body.readerIndex() + AAC_FLV_HEADER,
                    body.readableBytes() - AAC_FLV_HEADER);
            channel.write(new BinaryWebSocketFrame(Fmp4.fragment(channel.alloc(), ++audioSequence, Fmp4.AUDIO_TRACK,
                    audioDecodeTime, AAC_FRAME, true, sample)), channel.voidPromise());
            audioDecodeTime += AAC_FRAME;
        }
        channel.flush();
    }
}

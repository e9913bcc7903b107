package org.sharpeyes.hub.media.server.http;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import org.sharpeyes.adapters.mp4.Fmp4;
import org.sharpeyes.adapters.rtp.h264.SpsInfo;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.MediaStream;
import org.sharpeyes.hub.media.stream.QueuedReader;
import org.sharpeyes.hub.media.stream.VideoTrack;

/**
 * A fragmented-MP4 viewer over WebSocket, for the hub's own web UI (Media Source Extensions, no player library):
 * an initialization segment before the first key frame (again when the camera's parameter sets change), then one
 * binary message per picture holding its moof and mdat. The sample is the stream's shared FLV body past its 5-byte
 * FLV header, which is exactly the AVCC picture, so nothing is copied per viewer.
 */
final class Mp4StreamReader extends QueuedReader {

    private static final int FLV_VIDEO_HEADER = 5;
    private static final int NOMINAL_DURATION = 3_600;

    private final MediaStream stream;
    private VideoTrack announced;
    private long firstTimestamp = -1;
    private long lastTimestamp;
    private int lastDuration = NOMINAL_DURATION;
    private int sequence;

    Mp4StreamReader(Channel channel, Counter dropped, MediaStream stream) {
        super(channel, dropped);
        this.stream = stream;
    }

    @Override
    protected void write(AccessUnit unit) {
        VideoTrack track = stream.track();
        if (track == null) {
            return;
        }
        if (track != announced && unit.keyFrame()) {
            announced = track;
            SpsInfo size = SpsInfo.parse(track.sps());
            channel.write(new BinaryWebSocketFrame(Fmp4.initSegment(channel.alloc(), track.sps(), track.pps(),
                    size.width(), size.height())), channel.voidPromise());
        }
        if (announced == null) {
            return;
        }
        if (firstTimestamp < 0) {
            firstTimestamp = unit.timestamp();
            lastTimestamp = unit.timestamp();
        }
        long step = unit.timestamp() - lastTimestamp;
        if (step > 0 && step < Fmp4.TIMESCALE * 5L) {
            lastDuration = (int) step;
        }
        lastTimestamp = unit.timestamp();
        ByteBuf body = unit.flvBody();
        ByteBuf sample = body.retainedSlice(body.readerIndex() + FLV_VIDEO_HEADER,
                body.readableBytes() - FLV_VIDEO_HEADER);
        channel.writeAndFlush(new BinaryWebSocketFrame(Fmp4.fragment(channel.alloc(), ++sequence,
                unit.timestamp() - firstTimestamp, lastDuration, unit.keyFrame(), sample)), channel.voidPromise());
    }
}

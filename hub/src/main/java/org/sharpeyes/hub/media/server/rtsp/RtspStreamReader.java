package org.sharpeyes.hub.media.server.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.sharpeyes.adapters.rtsp.InterleavedFrame;
import org.sharpeyes.hub.media.stream.AccessUnit;
import org.sharpeyes.hub.media.stream.AudioUnit;
import org.sharpeyes.hub.media.stream.QueuedReader;
import org.sharpeyes.hub.media.stream.ReaderPolicy;

/**
 * An RTSP viewer over TCP: writes the stream's shared RTP packets, interleaved on its channel, never copied; on
 * channel 0 (nearly every client) a whole picture, already framed, in one write straight to the socket.
 */
final class RtspStreamReader extends QueuedReader {

    static final int MAX_PENDING = QueuedReader.MAX_PENDING;

    private final int rtpChannel;
    private final int audioChannel;

    /** {@code audioChannel} is -1 when the viewer did not set up the audio track. */
    RtspStreamReader(Channel channel, int rtpChannel, int audioChannel, ReaderPolicy policy) {
        super(channel, policy);
        this.rtpChannel = rtpChannel;
        this.audioChannel = audioChannel;
    }

    @Override
    public boolean needsRtp() {
        return true;
    }

    @Override
    protected void writeAudio(AudioUnit unit) {
        if (audioChannel >= 0) {
            channel.writeAndFlush(new InterleavedFrame(audioChannel, unit.rtpPacket().retainedDuplicate()),
                    channel.voidPromise());
        }
    }

    @Override
    protected void write(AccessUnit unit) {
        if (rtpChannel == 0) {
            writeShared(unit.interleavedChannel0());
            return;
        }
        for (ByteBuf packet : unit.rtpPackets()) {
            channel.write(new InterleavedFrame(rtpChannel, packet.retainedDuplicate()), channel.voidPromise());
        }
        channel.flush();
    }
}

package org.sharpeyes.hub.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import java.util.List;
import org.sharpeyes.adapters.rtp.VideoCodec;

/**
 * One video picture as the hub moves it: its codec and NAL units, the RTP packets and the FLV body made from them once
 * for all readers, its 90 kHz timestamp and whether it is a key frame. Reference-counted as a whole: each reader holding it
 * retains it, and its buffers are released when the last one lets go. Never copied per reader.
 */
public final class AccessUnit extends AbstractReferenceCounted {

    private final VideoCodec codec;
    private final List<ByteBuf> nals;
    private final List<ByteBuf> rtpPackets;
    private final ByteBuf flvBody;
    private final ByteBuf interleaved;
    private final long timestamp;
    private final boolean keyFrame;

    public AccessUnit(VideoCodec codec, List<ByteBuf> nals, List<ByteBuf> rtpPackets, ByteBuf interleaved, ByteBuf flvBody,
            long timestamp, boolean keyFrame) {
        this.codec = codec;
        this.nals = List.copyOf(nals);
        this.rtpPackets = List.copyOf(rtpPackets);
        this.interleaved = interleaved;
        this.flvBody = flvBody;
        this.timestamp = timestamp;
        this.keyFrame = keyFrame;
    }

    public VideoCodec codec() {
        return codec;
    }

    public List<ByteBuf> nals() {
        return nals;
    }

    public List<ByteBuf> rtpPackets() {
        return rtpPackets;
    }

    /**
     * All RTP packets of the picture, each framed for RTSP interleaved channel 0 ({@code $}, 0, length), in one
     * buffer: most viewers take channel 0, and for them a picture is one write.
     */
    public ByteBuf interleavedChannel0() {
        return interleaved;
    }

    /** The FLV video body (its header, then the length-prefixed NAL units), shared by every FLV viewer. */
    public ByteBuf flvBody() {
        return flvBody;
    }

    /** Presentation time on the stream's own 90 kHz clock, which only moves forward (camera reconnects included). */
    public long timestamp() {
        return timestamp;
    }

    public boolean keyFrame() {
        return keyFrame;
    }

    @Override
    public AccessUnit retain() {
        super.retain();
        return this;
    }

    @Override
    public AccessUnit touch(Object hint) {
        return this;
    }

    @Override
    protected void deallocate() {
        nals.forEach(ByteBuf::release);
        rtpPackets.forEach(ByteBuf::release);
        flvBody.release();
        interleaved.release();
    }
}

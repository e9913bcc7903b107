package org.sharpeyes.hub.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import java.util.List;

/**
 * One audio RTP packet as the hub passes it on: the packet rewritten onto the stream's own sequence, timestamp and
 * SSRC, and the FLV audio bodies made from it once for all FLV viewers (none when FLV cannot carry the codec), each
 * placed on the stream's 90 kHz video clock. Reference-counted as a whole, like {@link AccessUnit}.
 */
public final class AudioUnit extends AbstractReferenceCounted {

    /** One FLV audio body and where it falls on the video clock. */
    public record FlvAudio(ByteBuf body, long timestamp) {
    }

    private final ByteBuf rtpPacket;
    private final List<FlvAudio> flv;

    public AudioUnit(ByteBuf rtpPacket, List<FlvAudio> flv) {
        this.rtpPacket = rtpPacket;
        this.flv = List.copyOf(flv);
    }

    public ByteBuf rtpPacket() {
        return rtpPacket;
    }

    public List<FlvAudio> flv() {
        return flv;
    }

    @Override
    public AudioUnit retain() {
        super.retain();
        return this;
    }

    @Override
    public AudioUnit touch(Object hint) {
        return this;
    }

    @Override
    protected void deallocate() {
        rtpPacket.release();
        flv.forEach(f -> f.body().release());
    }
}

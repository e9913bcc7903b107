package org.sharpeyes.adapters.gb28181.ps;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.sharpeyes.adapters.rtp.VideoCodec;

/**
 * One picture out of a program stream: its NAL units without start codes (owned by the receiver, to be released),
 * its PTS on the 90 kHz clock (-1 when no PES of it carried one), whether it is a key frame (H.264 IDR, H.265 IRAP),
 * and whether bytes of it were lost.
 */
public record PsVideoFrame(VideoCodec codec, long pts, List<ByteBuf> nals, boolean keyFrame, boolean damaged) {

    /** Releases the NAL units. */
    public void release() {
        nals.forEach(ByteBuf::release);
    }
}

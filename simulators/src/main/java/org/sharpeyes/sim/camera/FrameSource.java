package org.sharpeyes.sim.camera;

import io.netty.buffer.ByteBuf;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.Supplier;
import org.sharpeyes.adapters.rtp.VideoCodec;

/** Where a simulated camera's video comes from: a live encoder, or a recorded loop. */
interface FrameSource extends AutoCloseable {

    /** The NAL units of frame {@code frameNumber}; a live source draws {@code picture} and encodes it. */
    List<ByteBuf> encode(Supplier<BufferedImage> picture, long frameNumber) throws Exception;

    VideoCodec codec();

    /** The latest parameter sets (H.264: SPS, PPS; H.265: VPS, SPS, PPS), or none before the first key frame. */
    List<ByteBuf> parameterSets();

    @Override
    void close() throws Exception;
}

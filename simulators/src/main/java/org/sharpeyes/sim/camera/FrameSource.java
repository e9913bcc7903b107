package org.sharpeyes.sim.camera;

import io.netty.buffer.ByteBuf;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.Supplier;

/** Where a simulated camera's H.264 comes from: a live encoder, or a recorded loop. */
interface FrameSource extends AutoCloseable {

    /** The NAL units of frame {@code frameNumber}; a live source draws {@code picture} and encodes it. */
    List<ByteBuf> encode(Supplier<BufferedImage> picture, long frameNumber) throws Exception;

    /** The latest sequence parameter set, or null before the first key frame. */
    ByteBuf sps();

    ByteBuf pps();

    @Override
    void close() throws Exception;
}

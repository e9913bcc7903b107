package org.sharpeyes.sim.camera;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** One encoded picture: its H.264 NAL units (shared, read-only), its 90 kHz timestamp and whether it is a key frame. */
record EncodedFrame(List<ByteBuf> nals, long timestamp, boolean keyFrame) {
}

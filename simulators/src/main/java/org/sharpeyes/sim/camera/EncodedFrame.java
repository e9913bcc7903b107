package org.sharpeyes.sim.camera;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * One encoded picture: its NAL units (shared, read-only), its 90 kHz timestamp and whether it is a key frame, with the
 * audio payloads encoded since the previous picture (none for a camera without a microphone).
 */
record EncodedFrame(List<ByteBuf> nals, long timestamp, boolean keyFrame, List<CameraAudio.Packet> audio) {
}

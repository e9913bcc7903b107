package org.sharpeyes.adapters.gb28181.ps;

import io.netty.buffer.ByteBuf;

/**
 * One audio PES's payload out of a program stream (G.711 samples, or AAC with its ADTS headers), with its type and
 * PTS on the 90 kHz clock (-1 when none); {@code data} is owned by the receiver.
 */
public record PsAudioFrame(PsStreamType type, long pts, ByteBuf data) {
}

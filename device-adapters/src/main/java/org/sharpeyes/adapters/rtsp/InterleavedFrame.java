package org.sharpeyes.adapters.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** An RTP or RTCP packet carried inside the RTSP connection ({@code $}, channel, 16-bit length, packet; RFC 2326 §10.12). */
public final class InterleavedFrame extends DefaultByteBufHolder {

    private final int channel;

    public InterleavedFrame(int channel, ByteBuf packet) {
        super(packet);
        if (channel < 0 || channel > 255) {
            throw new IllegalArgumentException("interleaved channel must be 0-255, got " + channel);
        }
        this.channel = channel;
    }

    public int channel() {
        return channel;
    }

    @Override
    public InterleavedFrame replace(ByteBuf content) {
        return new InterleavedFrame(channel, content);
    }

    @Override
    public InterleavedFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public InterleavedFrame retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public String toString() {
        return "InterleavedFrame(channel " + channel + ", " + content().readableBytes() + " bytes)";
    }
}

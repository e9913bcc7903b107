package org.sharpeyes.adapters.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds access units from RTP packets carrying NAL units (H.264 per RFC 6184, H.265 per RFC 7798): an access unit
 * ends at the marker bit or when the timestamp changes. Lost packets (sequence gaps) are counted; a fragmented NAL
 * unit that lost a piece is dropped and its access unit marked damaged, so the reader can wait for a key frame.
 * Subclasses read their codec's payload formats. Not thread-safe: one per RTP stream.
 */
public abstract class NalDepacketizer {

    /** A complete access unit: its NAL units (owned by the caller, to be released), RTP timestamp and state. */
    public record AccessUnitNals(List<ByteBuf> nals, long timestamp, boolean damaged, boolean keyFrame) {
        public boolean isKeyFrame() {
            return keyFrame;
        }
    }

    private final ByteBufAllocator allocator;
    private final List<ByteBuf> pending = new ArrayList<>();
    private CompositeByteBuf fragment;
    private long timestamp = -1;
    private int expectedSequence = -1;
    private boolean damaged;
    private long lostPackets;
    private long malformedPackets;

    protected NalDepacketizer(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    /** Reads one payload, calling {@link #nal}, {@link #startFragment}, {@link #continueFragment} or {@link #malformed}. */
    protected abstract void read(ByteBuf payload);

    /** Whether this NAL unit makes its access unit a key frame (IDR in H.264, IRAP in H.265). */
    protected abstract boolean isKeyNal(ByteBuf nal);

    /** Takes one packet (its payload is read, not kept); returns the access units it completed, usually 0 or 1. */
    public List<AccessUnitNals> push(RtpPacket packet) {
        List<AccessUnitNals> done = new ArrayList<>(1);
        trackSequence(packet.sequence());
        if (timestamp >= 0 && packet.timestamp() != timestamp && (!pending.isEmpty() || fragment != null)) {
            flush(done);
        }
        timestamp = packet.timestamp();
        if (packet.payload().isReadable()) {
            read(packet.payload());
        } else {
            malformed();
        }
        if (packet.marker()) {
            flush(done);
        }
        return done;
    }

    /** A whole NAL unit inside {@code payload} at {@code [index, index + length)}; copied. */
    protected final void nal(ByteBuf payload, int index, int length) {
        pending.add(payload.copy(index, length));
    }

    /** Starts a fragmented NAL unit with its rebuilt header bytes. */
    protected final void startFragment(byte[] header) {
        dropFragment();
        fragment = allocator.compositeBuffer();
        fragment.addComponent(true, allocator.buffer(header.length).writeBytes(header));
    }

    /** Adds a piece (copied) to the NAL unit being rebuilt; {@code end} completes it. */
    protected final void continueFragment(ByteBuf data, boolean end) {
        if (fragment == null) {
            damaged = true;
            return;
        }
        fragment.addComponent(true, data.copy());
        if (end) {
            pending.add(fragment);
            fragment = null;
        }
    }

    /** A payload that could not be read. */
    protected final void malformed() {
        malformedPackets++;
        damaged = true;
    }

    private void trackSequence(int sequence) {
        if (expectedSequence >= 0 && sequence != expectedSequence) {
            int gap = (sequence - expectedSequence) & 0xFFFF;
            if (gap < 0x8000) {
                lostPackets += gap;
                damaged = true;
                dropFragment();
            }
        }
        expectedSequence = (sequence + 1) & 0xFFFF;
    }

    private void flush(List<AccessUnitNals> done) {
        if (fragment != null) {
            dropFragment();
            damaged = true;
        }
        if (!pending.isEmpty()) {
            boolean key = pending.stream().anyMatch(this::isKeyNal);
            done.add(new AccessUnitNals(List.copyOf(pending), timestamp, damaged, key));
            pending.clear();
            damaged = false;
        }
    }

    private void dropFragment() {
        if (fragment != null) {
            fragment.release();
            fragment = null;
        }
    }

    /** Releases what is buffered; call when the stream ends. */
    public void close() {
        dropFragment();
        pending.forEach(ByteBuf::release);
        pending.clear();
    }

    public long lostPackets() {
        return lostPackets;
    }

    public long malformedPackets() {
        return malformedPackets;
    }
}

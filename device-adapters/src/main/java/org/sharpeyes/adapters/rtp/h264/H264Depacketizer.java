package org.sharpeyes.adapters.rtp.h264;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.sharpeyes.adapters.rtp.RtpPacket;

/**
 * Rebuilds H.264 access units from RTP packets (RFC 6184: single NAL unit, STAP-A and FU-A packets). An access unit
 * ends at the marker bit or when the timestamp changes. Lost packets (sequence gaps) are counted; a fragmented NAL
 * unit that lost a piece is dropped and the access unit marked damaged, so the reader can wait for a key frame.
 * Not thread-safe: one per RTP stream.
 */
public final class H264Depacketizer {

    /** A complete access unit: its NAL units (owned by the caller, to be released), RTP timestamp and state. */
    public record AccessUnitNals(List<ByteBuf> nals, long timestamp, boolean damaged) {
        public boolean isKeyFrame() {
            return nals.stream().anyMatch(n -> NalUnits.type(n) == NalUnits.IDR);
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

    public H264Depacketizer(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    /** Takes one packet (its payload is read, not kept); returns the access units it completed, usually 0 or 1. */
    public List<AccessUnitNals> push(RtpPacket packet) {
        List<AccessUnitNals> done = new ArrayList<>(1);
        trackSequence(packet.sequence());
        if (timestamp >= 0 && packet.timestamp() != timestamp && (!pending.isEmpty() || fragment != null)) {
            flush(done);
        }
        timestamp = packet.timestamp();
        ByteBuf payload = packet.payload();
        if (!payload.isReadable()) {
            malformedPackets++;
            return done;
        }
        int type = NalUnits.type(payload);
        if (type >= 1 && type <= 23) {
            pending.add(payload.copy());
        } else if (type == NalUnits.STAP_A) {
            readStapA(payload);
        } else if (type == NalUnits.FU_A) {
            readFuA(payload);
        } else {
            malformedPackets++;
        }
        if (packet.marker()) {
            flush(done);
        }
        return done;
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

    private void readStapA(ByteBuf payload) {
        int i = payload.readerIndex() + 1;
        int end = payload.writerIndex();
        while (i + 2 <= end) {
            int size = payload.getUnsignedShort(i);
            i += 2;
            if (size == 0 || i + size > end) {
                malformedPackets++;
                damaged = true;
                return;
            }
            pending.add(payload.copy(i, size));
            i += size;
        }
    }

    private void readFuA(ByteBuf payload) {
        if (payload.readableBytes() < 3) {
            malformedPackets++;
            damaged = true;
            return;
        }
        int indicator = payload.getUnsignedByte(payload.readerIndex());
        int header = payload.getUnsignedByte(payload.readerIndex() + 1);
        boolean start = (header & 0x80) != 0;
        boolean end = (header & 0x40) != 0;
        ByteBuf data = payload.slice(payload.readerIndex() + 2, payload.readableBytes() - 2);
        if (start) {
            dropFragment();
            fragment = allocator.compositeBuffer();
            ByteBuf nalHeader = allocator.buffer(1).writeByte((indicator & 0xE0) | (header & 0x1F));
            fragment.addComponent(true, nalHeader);
        } else if (fragment == null) {
            damaged = true;
            return;
        }
        fragment.addComponent(true, data.copy());
        if (end) {
            pending.add(fragment);
            fragment = null;
        }
    }

    private void flush(List<AccessUnitNals> done) {
        if (fragment != null) {
            dropFragment();
            damaged = true;
        }
        if (!pending.isEmpty()) {
            done.add(new AccessUnitNals(List.copyOf(pending), timestamp, damaged));
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

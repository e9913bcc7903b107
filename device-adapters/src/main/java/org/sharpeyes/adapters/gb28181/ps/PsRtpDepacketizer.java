package org.sharpeyes.adapters.gb28181.ps;

import org.sharpeyes.adapters.rtp.RtpPacket;

/**
 * Feeds a program stream carried over RTP to a {@link PsDemuxer}: the payload of each packet in order, a gap in the
 * sequence numbers as a loss (the picture in progress comes out damaged), and the marker bit as the end of a frame.
 * A change of timestamp is not taken as a frame's end, since 2016-edition devices may stamp each packet anew.
 * Not thread-safe: one per RTP stream.
 */
public final class PsRtpDepacketizer {

    private final PsDemuxer demuxer;
    private int expected = -1;
    private long lostPackets;
    private long packets;

    public PsRtpDepacketizer(PsDemuxer demuxer) {
        this.demuxer = demuxer;
    }

    /** Takes one packet; its payload is read, not kept. */
    public void push(RtpPacket packet) {
        packets++;
        if (expected >= 0 && packet.sequence() != expected) {
            int gap = (packet.sequence() - expected) & 0xFFFF;
            if (gap > 0x8000) {
                // A late or repeated packet: its bytes would land in the wrong place, so it is left out.
                return;
            }
            lostPackets += gap;
            demuxer.lost();
        }
        expected = (packet.sequence() + 1) & 0xFFFF;
        demuxer.push(packet.payload());
        if (packet.marker()) {
            demuxer.endOfFrame();
        }
    }

    /** Packets missing from the sequence so far. */
    public long lostPackets() {
        return lostPackets;
    }

    /** Packets taken so far, late ones included. */
    public long packets() {
        return packets;
    }
}

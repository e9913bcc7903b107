package org.sharpeyes.adapters.gb28181.ps;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.sharpeyes.adapters.rtp.RtpPacket;

/**
 * Cuts program stream bytes into RTP packets as GB/T 28181 carries them: payload type 96 unless told otherwise, one
 * timestamp for every packet of a frame (the 2022 edition's rule, which 2016 devices read too), the marker bit on a
 * frame's last packet, and the SSRC the SDP's {@code y=} line gave. Not thread-safe: one per outgoing stream.
 */
public final class PsRtpPacketizer {

    /** Payload bytes per packet: within a 1500-byte MTU with IP, UDP, RTP and RFC 4571 headers. */
    public static final int MAX_PAYLOAD = 1400;

    private final int payloadType;
    private final long ssrc;
    private int sequence;

    public PsRtpPacketizer(int payloadType, long ssrc, int firstSequence) {
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.sequence = firstSequence & 0xFFFF;
    }

    /** One frame's PS bytes (read, not released) as packets, each a whole RTP packet for the caller to send. */
    public List<ByteBuf> packetize(ByteBufAllocator allocator, ByteBuf frame, long timestamp) {
        List<ByteBuf> packets = new ArrayList<>(frame.readableBytes() / MAX_PAYLOAD + 1);
        int at = frame.readerIndex();
        int end = frame.writerIndex();
        while (at < end) {
            int size = Math.min(MAX_PAYLOAD, end - at);
            ByteBuf packet = allocator.buffer(RtpPacket.HEADER_BYTES + size);
            RtpPacket.writeHeader(packet, at + size == end, payloadType, sequence, timestamp, ssrc);
            packet.writeBytes(frame, at, size);
            packets.add(packet);
            sequence = (sequence + 1) & 0xFFFF;
            at += size;
        }
        return packets;
    }
}

package org.sharpeyes.adapters.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Locale;
import org.sharpeyes.adapters.rtp.h264.H264Depacketizer;
import org.sharpeyes.adapters.rtp.h264.H264Packetizer;
import org.sharpeyes.adapters.rtp.h264.NalUnits;
import org.sharpeyes.adapters.rtp.h265.H265Depacketizer;
import org.sharpeyes.adapters.rtp.h265.H265Packetizer;
import org.sharpeyes.adapters.rtp.h265.HevcNalUnits;

/** The video codecs cameras send over RTP, with what differs between them: NAL unit header, key frames, payload format. */
public enum VideoCodec {

    H264("H264"),
    H265("H265");

    private final String encodingName;

    VideoCodec(String encodingName) {
        this.encodingName = encodingName;
    }

    /** The codec of an SDP {@code a=rtpmap} encoding name, or null for one the hub does not carry. */
    public static VideoCodec ofEncoding(String encoding) {
        if (encoding == null) {
            return null;
        }
        return switch (encoding.trim().toUpperCase(Locale.ROOT)) {
            case "H264" -> H264;
            case "H265", "HEVC" -> H265;
            default -> null;
        };
    }

    /** The encoding name SDP uses, as in {@code a=rtpmap:96 H265/90000}. */
    public String encodingName() {
        return encodingName;
    }

    public int nalType(ByteBuf nal) {
        return this == H264 ? NalUnits.type(nal) : HevcNalUnits.type(nal);
    }

    /** Whether a picture holding this NAL unit is one a decoder can start from. */
    public boolean isKeyNal(ByteBuf nal) {
        return this == H264 ? NalUnits.type(nal) == NalUnits.IDR : HevcNalUnits.isIrap(HevcNalUnits.type(nal));
    }

    public NalDepacketizer depacketizer(ByteBufAllocator allocator) {
        return this == H264 ? new H264Depacketizer(allocator) : new H265Depacketizer(allocator);
    }

    public NalPacketizer packetizer(ByteBufAllocator allocator, int payloadType, long ssrc, int initialSequence,
            int maxPayload) {
        return this == H264 ? new H264Packetizer(allocator, payloadType, ssrc, initialSequence, maxPayload)
                : new H265Packetizer(allocator, payloadType, ssrc, initialSequence, maxPayload);
    }
}

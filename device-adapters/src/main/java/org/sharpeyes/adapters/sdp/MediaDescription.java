package org.sharpeyes.adapters.sdp;

import java.util.Map;

/**
 * One {@code m=} section of an SDP: media type, RTP payload type, codec name and clock rate from {@code a=rtpmap},
 * the {@code a=fmtp} parameters and the {@code a=control} URL (relative or absolute; may be null).
 */
public record MediaDescription(String type, int payloadType, String encoding, int clockRate, Map<String, String> fmtp,
        String control) {

    /** Whether this is H.264 video. */
    public boolean isH264() {
        return "video".equals(type) && "H264".equalsIgnoreCase(encoding);
    }

    /** Whether this is H.265 video. */
    public boolean isH265() {
        return "video".equals(type) && ("H265".equalsIgnoreCase(encoding) || "HEVC".equalsIgnoreCase(encoding));
    }
}

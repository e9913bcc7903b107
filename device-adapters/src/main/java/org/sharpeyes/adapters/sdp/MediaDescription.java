package org.sharpeyes.adapters.sdp;

import java.util.Map;

/**
 * One {@code m=} section of an SDP: media type, RTP payload type, codec name, clock rate and channels (1 unless
 * said) from {@code a=rtpmap},
 * the {@code a=fmtp} parameters and the {@code a=control} URL (relative or absolute; may be null).
 */
public record MediaDescription(String type, int payloadType, String encoding, int clockRate, int channels,
        Map<String, String> fmtp, String control) {

    /** Whether this is H.264 video. */
    public boolean isH264() {
        return "video".equals(type) && "H264".equalsIgnoreCase(encoding);
    }

    /** Whether this is H.265 video. */
    public boolean isH265() {
        return "video".equals(type) && ("H265".equalsIgnoreCase(encoding) || "HEVC".equalsIgnoreCase(encoding));
    }

    /** Whether this is an audio section whose codec is named (by rtpmap or a static payload type). */
    public boolean isAudio() {
        return "audio".equals(type) && !encoding.isEmpty();
    }
}

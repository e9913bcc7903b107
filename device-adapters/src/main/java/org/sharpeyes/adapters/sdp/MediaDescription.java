package org.sharpeyes.adapters.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One {@code m=} section of an SDP: media type, RTP payload type, codec name, clock rate and channels (1 unless
 * said) from {@code a=rtpmap},
 * the {@code a=fmtp} parameters (in their order) and the {@code a=control} URL (relative or absolute; may be null).
 */
public record MediaDescription(String type, int payloadType, String encoding, int clockRate, int channels,
        Map<String, String> fmtp, String control) {

    public MediaDescription {
        fmtp = Collections.unmodifiableMap(new LinkedHashMap<>(fmtp));
    }

    /**
     * The section as SDP lines ({@code m=} with port 0 and RTP/AVP, a wildcard {@code c=}, rtpmap, fmtp when there are
     * parameters, control when set), each ending in CRLF.
     */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append("m=").append(type).append(" 0 RTP/AVP ").append(payloadType).append("\r\n");
        out.append("c=IN IP4 0.0.0.0\r\n");
        if (!encoding.isEmpty()) {
            out.append("a=rtpmap:").append(payloadType).append(' ').append(encoding).append('/').append(clockRate);
            if ("audio".equals(type) && channels > 1) {
                out.append('/').append(channels);
            }
            out.append("\r\n");
        }
        if (!fmtp.isEmpty()) {
            out.append("a=fmtp:").append(payloadType).append(' ').append(fmtp.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"))).append("\r\n");
        }
        if (control != null) {
            out.append("a=control:").append(control).append("\r\n");
        }
        return out.toString();
    }

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

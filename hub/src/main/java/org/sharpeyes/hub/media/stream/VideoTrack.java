package org.sharpeyes.hub.media.stream;

import java.util.Base64;
import java.util.HexFormat;

/** What a viewer needs to decode a stream: the H.264 parameter sets (SPS and PPS, without start codes). */
public record VideoTrack(byte[] sps, byte[] pps) {

    public VideoTrack {
        if (sps.length < 4 || pps.length < 1) {
            throw new IllegalArgumentException("an SPS of at least 4 bytes and a PPS are needed");
        }
    }

    /** The profile and level bytes of the SPS, as SDP writes them. */
    public String profileLevelId() {
        return HexFormat.of().formatHex(sps, 1, 4);
    }

    /** The {@code a=fmtp} value for an SDP offering this track as payload type {@code payloadType}. */
    public String fmtp(int payloadType) {
        return payloadType + " packetization-mode=1;profile-level-id=" + profileLevelId() + ";sprop-parameter-sets="
                + Base64.getEncoder().encodeToString(sps) + "," + Base64.getEncoder().encodeToString(pps);
    }
}

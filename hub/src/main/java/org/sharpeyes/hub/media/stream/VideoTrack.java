package org.sharpeyes.hub.media.stream;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sharpeyes.adapters.rtp.VideoCodec;
import org.sharpeyes.adapters.rtp.h264.AvcDecoderConfiguration;
import org.sharpeyes.adapters.rtp.h264.SpsInfo;
import org.sharpeyes.adapters.rtp.h265.HevcDecoderConfiguration;
import org.sharpeyes.adapters.rtp.h265.HevcSps;
import org.sharpeyes.adapters.sdp.MediaDescription;

/**
 * What a viewer needs to decode a stream: its codec and parameter sets without start codes (H.264: SPS and PPS;
 * H.265: VPS, SPS and PPS; {@code vps} is null for H.264), with the picture size they declare.
 */
public record VideoTrack(VideoCodec codec, byte[] vps, byte[] sps, byte[] pps, int width, int height) {

    public VideoTrack {
        if (codec == VideoCodec.H265 && (vps == null || vps.length < 3)) {
            throw new IllegalArgumentException("an H.265 track needs a VPS");
        }
        if (sps == null || sps.length < 4 || pps == null || pps.length < 1) {
            throw new IllegalArgumentException("an SPS of at least 4 bytes and a PPS are needed");
        }
    }

    public static VideoTrack h264(byte[] sps, byte[] pps) {
        SpsInfo size = SpsInfo.parse(sps);
        return new VideoTrack(VideoCodec.H264, null, sps, pps, size.width(), size.height());
    }

    /** An H.265 track; throws {@link IllegalArgumentException} when the SPS cannot be read. */
    public static VideoTrack h265(byte[] vps, byte[] sps, byte[] pps) {
        HevcSps info = HevcSps.parse(sps);
        return new VideoTrack(VideoCodec.H265, vps, sps, pps, info.width(), info.height());
    }

    /** The parameter sets in the order a decoder wants them before a key frame. */
    public List<byte[]> parameterSets() {
        return vps == null ? List.of(sps, pps) : List.of(vps, sps, pps);
    }

    /** The decoder configuration record (avcC or hvcC) that FLV and MP4 carry. */
    public byte[] decoderConfiguration() {
        return codec == VideoCodec.H264 ? AvcDecoderConfiguration.record(sps, pps)
                : HevcDecoderConfiguration.record(vps, sps, pps);
    }

    /** The SDP section offering this track as payload type {@code payloadType} under {@code control}. */
    public MediaDescription describe(int payloadType, String control) {
        Base64.Encoder base64 = Base64.getEncoder();
        Map<String, String> fmtp = new LinkedHashMap<>();
        if (codec == VideoCodec.H265) {
            fmtp.put("sprop-vps", base64.encodeToString(vps));
            fmtp.put("sprop-sps", base64.encodeToString(sps));
            fmtp.put("sprop-pps", base64.encodeToString(pps));
        } else {
            fmtp.put("packetization-mode", "1");
            fmtp.put("profile-level-id", HexFormat.of().formatHex(sps, 1, 4));
            fmtp.put("sprop-parameter-sets", base64.encodeToString(sps) + "," + base64.encodeToString(pps));
        }
        return new MediaDescription("video", payloadType, codec.encodingName(), 90_000, 1, fmtp, control);
    }

    /** Whether {@code other} has the same codec and parameter sets (a camera repeating them before each key frame). */
    public boolean sameAs(VideoTrack other) {
        return other != null && codec == other.codec && Arrays.equals(vps, other.vps) && Arrays.equals(sps, other.sps)
                && Arrays.equals(pps, other.pps);
    }
}

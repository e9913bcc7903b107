package org.sharpeyes.hub.media.stream;

import java.util.Locale;
import java.util.Map;
import org.sharpeyes.adapters.rtp.audio.Mpeg4Generic;
import org.sharpeyes.adapters.sdp.MediaDescription;

/**
 * A camera's audio as the hub passes it on: its RTP encoding as SDP names it, and what FLV can make of it (AAC from
 * RFC 3640 AAC-hbr with its AudioSpecificConfig, or 8 kHz G.711); other encodings reach RTSP viewers only.
 */
public record AudioTrack(String encoding, int clockRate, int channels, Map<String, String> fmtp, byte[] aacConfig) {

    /** What an FLV viewer gets of this track. */
    public enum FlvCarriage { AAC, PCMA, PCMU, NONE }

    private static final int DYNAMIC_PAYLOAD_TYPE = 97;

    /** The track of an SDP audio section; a clock rate of 0 (unreadable rtpmap) makes it unusable: null. */
    public static AudioTrack of(MediaDescription audio) {
        if (audio == null || audio.clockRate() <= 0) {
            return null;
        }
        String encoding = audio.encoding().toUpperCase(Locale.ROOT);
        byte[] config = encoding.equals("MPEG4-GENERIC") ? Mpeg4Generic.config(audio.fmtp()) : null;
        return new AudioTrack(encoding, audio.clockRate(), audio.channels(), audio.fmtp(), config);
    }

    public FlvCarriage flvCarriage() {
        boolean g711 = clockRate == 8000 && channels == 1;
        return switch (encoding) {
            case "PCMA" -> g711 ? FlvCarriage.PCMA : FlvCarriage.NONE;
            case "PCMU" -> g711 ? FlvCarriage.PCMU : FlvCarriage.NONE;
            case "MPEG4-GENERIC" -> aacConfig != null && "13".equals(fmtp.get("sizelength"))
                    && "3".equals(fmtp.getOrDefault("indexlength", "3")) ? FlvCarriage.AAC : FlvCarriage.NONE;
            default -> FlvCarriage.NONE;
        };
    }

    /** The payload type the hub sends it with: G.711's static ones, else a dynamic one. */
    public int payloadType() {
        return switch (encoding) {
            case "PCMU" -> 0;
            case "PCMA" -> 8;
            default -> DYNAMIC_PAYLOAD_TYPE;
        };
    }

    /** The SDP section offering this track under {@code control}, with the camera's own parameters. */
    public MediaDescription describe(String control) {
        return new MediaDescription("audio", payloadType(), encoding, clockRate, channels, fmtp, control);
    }
}

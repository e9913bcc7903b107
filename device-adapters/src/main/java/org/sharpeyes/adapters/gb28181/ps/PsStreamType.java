package org.sharpeyes.adapters.gb28181.ps;

import org.sharpeyes.adapters.rtp.VideoCodec;

/** The stream types a program stream map names, as GB/T 28181 (2016 and 2022) assigns them. */
public enum PsStreamType {

    H264(0x1B, VideoCodec.H264),
    H265(0x24, VideoCodec.H265),
    AAC(0x0F, null),
    G711A(0x90, null),
    G711U(0x91, null),
    G722_1(0x92, null),
    G723_1(0x93, null),
    G729(0x99, null),
    /** A type the hub does not read; its stream is skipped. */
    OTHER(-1, null);

    private final int code;
    private final VideoCodec videoCodec;

    PsStreamType(int code, VideoCodec videoCodec) {
        this.code = code;
        this.videoCodec = videoCodec;
    }

    /** The stream_type byte. */
    public int code() {
        return code;
    }

    /** The video codec, or null for audio and unread types. */
    public VideoCodec videoCodec() {
        return videoCodec;
    }

    public boolean isAudio() {
        return this != OTHER && videoCodec == null;
    }

    public static PsStreamType of(int code) {
        for (PsStreamType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return OTHER;
    }

    public static PsStreamType of(VideoCodec codec) {
        return codec == VideoCodec.H265 ? H265 : H264;
    }
}

package org.sharpeyes.sim.viewer;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads fragmented MP4 from whole boxes (a WebSocket message holds whole boxes): learns the video track from the
 * initialization segment's {@code moov} (the {@code trak} whose handler is {@code vide}), then reports each video
 * sample of each {@code moof} with whether it is a sync sample, from the first-sample, per-sample or default flags.
 */
final class Mp4FragmentCounter {

    private static final int SAMPLE_IS_NON_SYNC = 0x00010000;
    private static final int TRUN_DATA_OFFSET = 0x1;
    private static final int TRUN_FIRST_SAMPLE_FLAGS = 0x4;
    private static final int TRUN_DURATION = 0x100;
    private static final int TRUN_SIZE = 0x200;
    private static final int TRUN_FLAGS = 0x400;
    private static final int TRUN_CTS = 0x800;
    private static final int TFHD_BASE_OFFSET = 0x1;
    private static final int TFHD_DESCRIPTION = 0x2;
    private static final int TFHD_DURATION = 0x8;
    private static final int TFHD_SIZE = 0x10;
    private static final int TFHD_FLAGS = 0x20;

    private final FlvTagCounter.Pictures pictures;
    private int videoTrack = -1;

    Mp4FragmentCounter(FlvTagCounter.Pictures pictures) {
        this.pictures = pictures;
    }

    /** Whether an initialization segment named the video track yet. */
    boolean initialized() {
        return videoTrack >= 0;
    }

    /** Takes one message's boxes (not released here). */
    void read(ByteBuf message) {
        forEachBox(message, message.readerIndex(), message.writerIndex(), (type, body, end) -> {
            if ("moov".equals(type)) {
                forEachBox(message, body, end, (child, at, childEnd) -> {
                    if ("trak".equals(child)) {
                        trak(message, at, childEnd);
                    }
                });
            } else if ("moof".equals(type) && initialized()) {
                forEachBox(message, body, end, (child, at, childEnd) -> {
                    if ("traf".equals(child)) {
                        traf(message, at, childEnd);
                    }
                });
            }
        });
    }

    private void trak(ByteBuf in, int from, int to) {
        int[] track = {-1};
        boolean[] video = {false};
        forEachBox(in, from, to, (type, at, end) -> {
            if ("tkhd".equals(type)) {
                int version = in.getUnsignedByte(at);
                track[0] = in.getInt(at + 4 + (version == 1 ? 16 : 8));
            } else if ("mdia".equals(type)) {
                forEachBox(in, at, end, (child, childAt, childEnd) -> {
                    if ("hdlr".equals(child)) {
                        video[0] = "vide".equals(fourCc(in, childAt + 8));
                    }
                });
            }
        });
        if (video[0] && track[0] >= 0) {
            videoTrack = track[0];
        }
    }

    private void traf(ByteBuf in, int from, int to) {
        int[] defaultFlags = {0};
        boolean[] ours = {false};
        forEachBox(in, from, to, (type, at, end) -> {
            if ("tfhd".equals(type)) {
                int flags = in.getInt(at) & 0xFFFFFF;
                ours[0] = in.getInt(at + 4) == videoTrack;
                int offset = at + 8;
                offset += (flags & TFHD_BASE_OFFSET) != 0 ? 8 : 0;
                offset += (flags & TFHD_DESCRIPTION) != 0 ? 4 : 0;
                offset += (flags & TFHD_DURATION) != 0 ? 4 : 0;
                offset += (flags & TFHD_SIZE) != 0 ? 4 : 0;
                if ((flags & TFHD_FLAGS) != 0) {
                    defaultFlags[0] = in.getInt(offset);
                }
            } else if ("trun".equals(type) && ours[0]) {
                trun(in, at, defaultFlags[0]);
            }
        });
    }

    private void trun(ByteBuf in, int at, int defaultFlags) {
        int flags = in.getInt(at) & 0xFFFFFF;
        int samples = in.getInt(at + 4);
        int offset = at + 8 + ((flags & TRUN_DATA_OFFSET) != 0 ? 4 : 0);
        int firstFlags = defaultFlags;
        boolean firstGiven = (flags & TRUN_FIRST_SAMPLE_FLAGS) != 0;
        if (firstGiven) {
            firstFlags = in.getInt(offset);
            offset += 4;
        }
        for (int i = 0; i < samples; i++) {
            offset += (flags & TRUN_DURATION) != 0 ? 4 : 0;
            offset += (flags & TRUN_SIZE) != 0 ? 4 : 0;
            int sampleFlags = i == 0 && firstGiven ? firstFlags : defaultFlags;
            if ((flags & TRUN_FLAGS) != 0) {
                sampleFlags = in.getInt(offset);
                offset += 4;
            }
            offset += (flags & TRUN_CTS) != 0 ? 4 : 0;
            pictures.picture((sampleFlags & SAMPLE_IS_NON_SYNC) == 0);
        }
    }

    /** Visited for each box: its type, where its body starts and where it ends. */
    private interface BoxVisitor {
        void box(String type, int body, int end);
    }

    private static void forEachBox(ByteBuf in, int from, int to, BoxVisitor visitor) {
        int at = from;
        while (at + 8 <= to) {
            long size = in.getUnsignedInt(at);
            int header = 8;
            if (size == 1 && at + 16 <= to) {
                size = in.getLong(at + 8);
                header = 16;
            } else if (size == 0) {
                size = to - at;
            }
            if (size < header || at + size > to) {
                return;
            }
            visitor.box(fourCc(in, at + 4), at + header, (int) (at + size));
            at += (int) size;
        }
    }

    private static String fourCc(ByteBuf in, int at) {
        return in.toString(at, 4, StandardCharsets.US_ASCII);
    }
}

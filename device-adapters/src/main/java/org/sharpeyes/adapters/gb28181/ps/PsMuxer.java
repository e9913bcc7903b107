package org.sharpeyes.adapters.gb28181.ps;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.sharpeyes.adapters.rtp.VideoCodec;

/**
 * Writes pictures and audio frames as an MPEG-2 program stream the way GB/T 28181 platforms expect it: each picture
 * is a pack header, then, before a key frame, a system header and a program stream map, then video PES of at most
 * 64 KiB, each with the picture's PTS; audio is a pack of one PES. The output is what {@link PsDemuxer}, FFmpeg and
 * GStreamer read. Not thread-safe: one per outgoing stream.
 */
public final class PsMuxer {

    /** Stream id of the video elementary stream. */
    public static final int VIDEO_ID = 0xE0;
    /** Stream id of the audio elementary stream. */
    public static final int AUDIO_ID = 0xC0;

    private static final int MAX_PES_PAYLOAD = 0xFFFF - 8;
    private static final int MUX_RATE = 0x3FFFFF;
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private final PsStreamType video;
    private final PsStreamType audio;
    private boolean withoutMap;

    /** {@code audio} may be null for a stream without sound. */
    public PsMuxer(VideoCodec codec, PsStreamType audio) {
        this.video = PsStreamType.of(codec);
        this.audio = audio;
    }

    /** Leaves out the system header and program stream map, as some devices do (a reader must guess the codec). */
    public PsMuxer withoutStreamMap() {
        this.withoutMap = true;
        return this;
    }

    /** One picture, its NAL units without start codes (read, not released), at {@code pts} on the 90 kHz clock. */
    public ByteBuf picture(ByteBufAllocator allocator, List<ByteBuf> nals, long pts, boolean keyFrame) {
        int payload = 0;
        for (ByteBuf nal : nals) {
            payload += START_CODE.length + nal.readableBytes();
        }
        int pieces = Math.max(1, (payload + MAX_PES_PAYLOAD - 1) / MAX_PES_PAYLOAD);
        ByteBuf out = allocator.buffer(payload + 14 + 64 + pieces * 14);
        packHeader(out, pts);
        if (keyFrame && !withoutMap) {
            systemHeader(out);
            streamMap(out);
        }
        ByteBuf annexB = allocator.buffer(payload);
        try {
            for (ByteBuf nal : nals) {
                annexB.writeBytes(START_CODE).writeBytes(nal, nal.readerIndex(), nal.readableBytes());
            }
            while (annexB.isReadable()) {
                int size = Math.min(MAX_PES_PAYLOAD, annexB.readableBytes());
                pesHeader(out, VIDEO_ID, size, pts);
                out.writeBytes(annexB, size);
            }
        } finally {
            annexB.release();
        }
        return out;
    }

    /** One audio frame (G.711 samples, or AAC with its ADTS header; read, not released) at {@code pts}. */
    public ByteBuf audio(ByteBufAllocator allocator, ByteBuf frame, long pts) {
        ByteBuf out = allocator.buffer(14 + 14 + frame.readableBytes());
        packHeader(out, pts);
        int at = frame.readerIndex();
        int left = frame.readableBytes();
        while (left > 0) {
            int size = Math.min(MAX_PES_PAYLOAD, left);
            pesHeader(out, AUDIO_ID, size, pts);
            out.writeBytes(frame, at, size);
            at += size;
            left -= size;
        }
        return out;
    }

    /** An MPEG-2 pack header whose system clock reference is {@code pts}. */
    private static void packHeader(ByteBuf out, long pts) {
        long scr = pts & 0x1_FFFF_FFFFL;
        out.writeInt(0x000001BA);
        out.writeByte((int) (0x44 | ((scr >> 27) & 0x38) | ((scr >> 28) & 0x03)));
        out.writeByte((int) (scr >> 20));
        out.writeByte((int) (0x04 | ((scr >> 12) & 0xF8) | ((scr >> 13) & 0x03)));
        out.writeByte((int) (scr >> 5));
        out.writeByte((int) (0x04 | ((scr << 3) & 0xF8)));
        out.writeByte(0x01);
        out.writeMedium((MUX_RATE << 2) | 0x03);
        out.writeByte(0xF8);
    }

    private void systemHeader(ByteBuf out) {
        int streams = audio == null ? 1 : 2;
        out.writeInt(0x000001BB);
        out.writeShort(6 + 3 * streams);
        out.writeMedium(0x800001 | (MUX_RATE << 1));
        out.writeByte((audio == null ? 0 : 1) << 2);
        out.writeByte(0xE1);
        out.writeByte(0xFF);
        out.writeByte(VIDEO_ID).writeShort(0xE000 | 1024);
        if (audio != null) {
            out.writeByte(AUDIO_ID).writeShort(0xC000 | 32);
        }
    }

    private void streamMap(ByteBuf out) {
        int entries = audio == null ? 1 : 2;
        int start = out.writerIndex();
        out.writeInt(0x000001BC);
        out.writeShort(6 + 4 * entries + 4);
        out.writeByte(0xE0);
        out.writeByte(0xFF);
        out.writeShort(0);
        out.writeShort(4 * entries);
        out.writeByte(video.code()).writeByte(VIDEO_ID).writeShort(0);
        if (audio != null) {
            out.writeByte(audio.code()).writeByte(AUDIO_ID).writeShort(0);
        }
        out.writeInt(Crc32Mpeg.of(out, start, out.writerIndex() - start));
    }

    private static void pesHeader(ByteBuf out, int streamId, int payload, long pts) {
        out.writeInt(0x00000100 | streamId);
        out.writeShort(3 + 5 + payload);
        out.writeByte(0x80);
        out.writeByte(0x80);
        out.writeByte(5);
        long value = pts & 0x1_FFFF_FFFFL;
        out.writeByte((int) (0x21 | ((value >> 29) & 0x0E)));
        out.writeShort((int) (((value >> 14) & 0xFFFE) | 1));
        out.writeShort((int) (((value << 1) & 0xFFFE) | 1));
    }
}

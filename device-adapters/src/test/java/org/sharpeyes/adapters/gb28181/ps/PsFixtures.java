package org.sharpeyes.adapters.gb28181.ps;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Byte fixtures of program streams in the shapes devices send, and a listener that keeps what a demuxer found. */
final class PsFixtures {

    static final byte[] H264_SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xDA, 0x02, (byte) 0x80, (byte) 0xBF};
    static final byte[] H264_PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    static final byte[] H265_VPS = {0x40, 0x01, 0x0C, 0x01, (byte) 0xFF, (byte) 0xFF};
    static final byte[] H265_SPS = {0x42, 0x01, 0x01, 0x01, 0x60, 0x00};
    static final byte[] H265_PPS = {0x44, 0x01, (byte) 0xC1, 0x72};

    private PsFixtures() {
    }

    /** An H.264 slice NAL unit, first of its picture: IDR (type 5) or not (type 1), {@code size} bytes, no zeros. */
    static byte[] h264Slice(boolean idr, int size, int seed) {
        byte[] nal = filler(size, seed);
        nal[0] = (byte) (idr ? 0x65 : 0x41);
        nal[1] = (byte) 0x88;
        return nal;
    }

    /** An H.265 slice NAL unit, first of its picture: IDR_W_RADL (19) or TRAIL_R (1). */
    static byte[] h265Slice(boolean idr, int size, int seed) {
        byte[] nal = filler(size, seed);
        nal[0] = (byte) (idr ? 0x26 : 0x02);
        nal[1] = 0x01;
        nal[2] = (byte) 0xAF;
        return nal;
    }

    /** Bytes that hold no 00 00 0x sequence, as emulation prevention guarantees inside a NAL unit. */
    static byte[] filler(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (0x10 + (i * 31 + seed * 7) % 0xE0);
        }
        return bytes;
    }

    static List<ByteBuf> bufs(byte[]... nals) {
        List<ByteBuf> list = new ArrayList<>();
        for (byte[] nal : nals) {
            list.add(Unpooled.wrappedBuffer(nal));
        }
        return list;
    }

    static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /** An MPEG-2 pack header with no stuffing, SCR 0. */
    static byte[] packHeader() {
        return new byte[] {0, 0, 1, (byte) 0xBA, 0x44, 0, 4, 0, 4, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xF8};
    }

    /** A video or audio PES with a PTS (or none when {@code pts} is negative) and the given length field. */
    static byte[] pes(int streamId, long pts, byte[] payload, boolean lengthZero) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int header = pts >= 0 ? 5 : 0;
        int length = lengthZero ? 0 : 3 + header + payload.length;
        out.writeBytes(new byte[] {0, 0, 1, (byte) streamId, (byte) (length >> 8), (byte) length, (byte) 0x80,
            (byte) (pts >= 0 ? 0x80 : 0), (byte) header});
        if (pts >= 0) {
            out.write((int) (0x21 | ((pts >> 29) & 0x0E)));
            out.write((int) ((pts >> 22) & 0xFF));
            out.write((int) (((pts >> 14) & 0xFE) | 1));
            out.write((int) ((pts >> 7) & 0xFF));
            out.write((int) (((pts << 1) & 0xFE) | 1));
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** A program stream map naming each (stream type, stream id) pair. */
    static byte[] streamMap(int... typeAndId) {
        int entries = typeAndId.length / 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int length = 6 + 4 * entries + 4;
        out.writeBytes(new byte[] {0, 0, 1, (byte) 0xBC, (byte) (length >> 8), (byte) length, (byte) 0xE0,
            (byte) 0xFF, 0, 0, (byte) ((4 * entries) >> 8), (byte) (4 * entries)});
        for (int i = 0; i < entries; i++) {
            out.writeBytes(new byte[] {(byte) typeAndId[2 * i], (byte) typeAndId[2 * i + 1], 0, 0});
        }
        out.writeBytes(new byte[] {1, 2, 3, 4});
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Keeps what a demuxer found: pictures as (codec, pts, key, damaged, Annex B bytes), audio, complaints. */
    static final class Found implements PsDemuxer.Listener {
        final List<PsVideoFrame> pictures = new ArrayList<>();
        final List<byte[]> pictureBytes = new ArrayList<>();
        final List<PsAudioFrame> audio = new ArrayList<>();
        final List<byte[]> audioBytes = new ArrayList<>();
        final List<String> malformed = new ArrayList<>();

        @Override
        public void video(PsVideoFrame frame) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (ByteBuf nal : frame.nals()) {
                byte[] copy = new byte[nal.readableBytes()];
                nal.getBytes(nal.readerIndex(), copy);
                bytes.writeBytes(new byte[] {0, 0, 0, 1});
                bytes.writeBytes(copy);
            }
            pictureBytes.add(bytes.toByteArray());
            pictures.add(new PsVideoFrame(frame.codec(), frame.pts(), List.of(), frame.keyFrame(), frame.damaged()));
            frame.release();
        }

        @Override
        public void audio(PsAudioFrame frame) {
            byte[] copy = new byte[frame.data().readableBytes()];
            frame.data().getBytes(frame.data().readerIndex(), copy);
            audioBytes.add(copy);
            audio.add(new PsAudioFrame(frame.type(), frame.pts(), Unpooled.EMPTY_BUFFER));
            frame.data().release();
        }

        @Override
        public void malformed(String what) {
            malformed.add(what);
        }
    }
}

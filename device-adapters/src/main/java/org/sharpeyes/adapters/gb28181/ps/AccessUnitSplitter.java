package org.sharpeyes.adapters.gb28181.ps;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import org.sharpeyes.adapters.rtp.VideoCodec;

/**
 * Cuts an H.264 or H.265 Annex B elementary stream, arriving in PES payloads of any size, into pictures. A picture
 * begins, once the one before it has a slice, at an access unit delimiter, parameter set or SEI, or at a slice that
 * is the first of its picture (first_mb_in_slice 0, first_slice_segment_in_pic_flag 1), as ISO/IEC 14496-10 7.4.1.2.3
 * and ITU-T H.265 7.4.2.4.4 say; so it does not matter whether a device starts each picture with a PES (GB/T 28181)
 * or runs pictures across PES boundaries (FFmpeg's muxer). A picture's PTS is that of the PES in which it begins, if
 * that PES had one and no earlier picture took it (ISO/IEC 13818-1 2.4.3.7); a picture without one (two beginning in
 * one PES) is given the previous picture's PTS plus the last step seen between two.
 */
final class AccessUnitSplitter {

    private final ByteBufAllocator allocator;
    private final Consumer<PsVideoFrame> out;
    private final ArrayDeque<long[]> marks = new ArrayDeque<>();
    private ByteBuf stream;
    private long streamStart;
    private int scanFrom;
    private boolean hasSlice;
    private boolean afterLoss;
    private boolean inProgressLost;
    private long lastPts = -1;
    private long ptsStep;
    private VideoCodec codec;

    AccessUnitSplitter(ByteBufAllocator allocator, Consumer<PsVideoFrame> out) {
        this.allocator = allocator;
        this.out = out;
    }

    /** The codec the stream map names; without one it is told from the first NAL unit. */
    void codec(VideoCodec named) {
        codec = named;
    }

    /** Bytes buffered for the picture in progress. */
    int buffered() {
        return stream == null ? 0 : stream.readableBytes();
    }

    /** A video PES begins here, with its PTS (-1: none). */
    void pesStart(long pts) {
        ensureStream();
        marks.add(new long[] {streamStart + stream.writerIndex(), pts});
    }

    /** The next bytes of PES payload. */
    void append(ByteBuf from, int at, int length) {
        if (length <= 0) {
            return;
        }
        ensureStream();
        stream.writeBytes(from, at, length);
        scan();
    }

    private void ensureStream() {
        if (stream == null) {
            stream = allocator.buffer(64 * 1024);
            streamStart = 0;
            scanFrom = 0;
        }
    }

    /** The transport ends the picture here (the RTP marker bit): what is buffered is handed out whole. */
    void endOfPicture() {
        if (stream != null && stream.isReadable()) {
            emit(stream.writerIndex());
        }
        compact();
    }

    /**
     * Bytes were lost. The picture in progress goes out, marked damaged; if none was, the next one is, since a whole
     * picture may have gone that later ones refer to, unless the next is a whole key frame.
     */
    void lost() {
        if (stream != null && stream.isReadable()) {
            inProgressLost = true;
            emit(stream.writerIndex());
            inProgressLost = false;
        } else {
            afterLoss = true;
        }
        compact();
        marks.clear();
    }

    /** Drops what is buffered (it was too big to be a picture). */
    void drop() {
        if (stream != null) {
            stream.release();
            stream = null;
        }
        scanFrom = 0;
        hasSlice = false;
        marks.clear();
    }

    void close() {
        drop();
    }

    private void scan() {
        while (true) {
            int start = PsDemuxer.findAnyStartCode(stream, Math.max(scanFrom, stream.readerIndex()));
            if (start < 0) {
                scanFrom = Math.max(stream.readerIndex(), stream.writerIndex() - 2);
                return;
            }
            int header = start + 3;
            if (stream.writerIndex() - header < 3) {
                scanFrom = start;
                return;
            }
            if (codec == null) {
                codec = PsDemuxer.looksLikeH265(stream.slice(header, 2)) ? VideoCodec.H265 : VideoCodec.H264;
            }
            if (hasSlice && beginsPicture(header)) {
                // A four-byte start code's leading zero is the new picture's first byte, and the PES it lies in
                // is the one whose PTS the picture takes.
                int boundary = start;
                while (boundary > stream.readerIndex() && stream.getByte(boundary - 1) == 0) {
                    boundary--;
                }
                emit(boundary);
            }
            hasSlice |= isSlice(header);
            scanFrom = header;
        }
    }

    private boolean beginsPicture(int header) {
        int first = stream.getUnsignedByte(header);
        if (codec == VideoCodec.H265) {
            int type = (first >> 1) & 0x3F;
            if (type <= 31) {
                return (stream.getUnsignedByte(header + 2) & 0x80) != 0;
            }
            return (type >= 32 && type <= 35) || type == 39 || (type >= 41 && type <= 44) || (type >= 48);
        }
        int type = first & 0x1F;
        if (type >= 1 && type <= 5) {
            return (stream.getUnsignedByte(header + 1) & 0x80) != 0;
        }
        return (type >= 6 && type <= 9) || (type >= 14 && type <= 18);
    }

    private boolean isSlice(int header) {
        int first = stream.getUnsignedByte(header);
        return codec == VideoCodec.H265 ? ((first >> 1) & 0x3F) <= 31 : (first & 0x1F) >= 1 && (first & 0x1F) <= 5;
    }

    /** Hands out the bytes before {@code end} as one picture. */
    private void emit(int end) {
        int from = stream.readerIndex();
        long pts = ptsAt(streamStart + from);
        // The picture gets bytes of its own: the stream's buffer is compacted under it later.
        ByteBuf picture = stream.copy(from, end - from);
        List<ByteBuf> owned = PsDemuxer.nals(picture);
        picture.release();
        stream.readerIndex(end);
        hasSlice = false;
        if (owned.isEmpty()) {
            return;
        }
        VideoCodec picked = codec == null ? (PsDemuxer.looksLikeH265(owned.get(0)) ? VideoCodec.H265
                : VideoCodec.H264) : codec;
        boolean key = owned.stream().anyMatch(nal -> isKey(picked, nal));
        boolean whole = startsWithStartCode(stream, from, end);
        boolean damaged = inProgressLost || !whole || (afterLoss && !key);
        afterLoss = false;
        pts = pts >= 0 || lastPts < 0 || ptsStep <= 0 ? pts : (lastPts + ptsStep) & 0x1_FFFF_FFFFL;
        if (pts >= 0 && lastPts >= 0 && pts > lastPts) {
            ptsStep = pts - lastPts;
        }
        lastPts = pts;
        out.accept(new PsVideoFrame(picked, pts, owned, key, damaged));
    }

    private long ptsAt(long offset) {
        long[] latest = null;
        while (!marks.isEmpty() && marks.peekFirst()[0] <= offset) {
            latest = marks.pollFirst();
        }
        return latest == null ? -1 : latest[1];
    }

    /** Keeps the buffer small: what pictures took is dropped once nothing refers into it by index. */
    private void compact() {
        if (stream == null) {
            return;
        }
        int gone = stream.readerIndex();
        if (!stream.isReadable()) {
            stream.clear();
        } else if (gone > 64 * 1024) {
            stream.discardReadBytes();
        } else {
            return;
        }
        streamStart += gone;
        scanFrom = Math.max(0, scanFrom - gone);
    }

    /** Compacts after a picture left; called by the demuxer between structures. */
    void tidy() {
        compact();
    }

    private static boolean isKey(VideoCodec codec, ByteBuf nal) {
        if (!nal.isReadable()) {
            return false;
        }
        int first = nal.getUnsignedByte(nal.readerIndex());
        if (codec == VideoCodec.H265) {
            int type = (first >> 1) & 0x3F;
            return type >= 16 && type <= 21;
        }
        return (first & 0x1F) == 5;
    }

    private static boolean startsWithStartCode(ByteBuf in, int from, int end) {
        int at = from;
        while (at < end && in.getByte(at) == 0) {
            at++;
        }
        return at - from >= 2 && at < end && in.getByte(at) == 1;
    }
}

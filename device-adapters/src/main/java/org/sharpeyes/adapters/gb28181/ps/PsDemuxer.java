package org.sharpeyes.adapters.gb28181.ps;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an MPEG program stream as GB/T 28181 devices send it, in pieces of any size (RTP payloads with the RTP header
 * already stripped), and hands out whole pictures and audio frames. It takes what real devices do: pack headers
 * (MPEG-2 and MPEG-1) with or without a system header or program stream map, a map naming H.264 (0x1B), H.265 (0x24),
 * G.711 (0x90, 0x91) or AAC (0x0F), video PES of length 0 (running to the next start code), a picture spread over
 * many PES, PES with no PTS, and bytes of garbage between packs. Without a map the video codec is told from the NAL
 * headers and audio is taken as G.711 A-law, the GB/T 28181 default.
 *
 * <p>Pictures are cut from the video elementary stream by its NAL units ({@link AccessUnitSplitter}), so a picture
 * is handed out when the next one begins, or at once when {@link #endOfFrame()} is called (the RTP marker bit). After
 * {@link #lost()} the picture in progress is handed out marked damaged and reading resumes at the next start code.
 * Malformed structures are skipped and reported to the listener with what and where; nothing throws. Not
 * thread-safe: one per stream.
 */
public final class PsDemuxer {

    /** Maximum bytes of one picture; a bigger one means a lost boundary, and is dropped. */
    public static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private static final int PACK = 0xBA;
    private static final int SYSTEM_HEADER = 0xBB;
    private static final int STREAM_MAP = 0xBC;
    private static final int PROGRAM_END = 0xB9;
    private static final int AUDIO_FIRST = 0xC0;
    private static final int AUDIO_LAST = 0xDF;
    private static final int VIDEO_FIRST = 0xE0;
    private static final int VIDEO_LAST = 0xEF;
    private static final int MAX_PENDING_INPUT = 2 * MAX_FRAME_BYTES;

    /** Told of what the demuxer finds; the frames are the listener's to release. */
    public interface Listener {
        void video(PsVideoFrame frame);

        void audio(PsAudioFrame frame);

        /** Something was skipped: {@code what} says what, and at which byte of the stream. */
        void malformed(String what);
    }

    private final Listener listener;
    private final ByteBuf input;
    private final Map<Integer, PsStreamType> streamTypes = new HashMap<>();
    private long consumed;
    private final AccessUnitSplitter pictures;
    private boolean inUnboundedVideo;
    private int videoStreamId = -1;
    private boolean skippingGarbage;

    public PsDemuxer(ByteBufAllocator allocator, Listener listener) {
        this.listener = listener;
        this.input = allocator.buffer(64 * 1024);
        this.pictures = new AccessUnitSplitter(allocator, listener::video);
    }

    /** Takes the next bytes of the stream (copied; {@code bytes} stays the caller's). */
    public void push(ByteBuf bytes) {
        if (input.readableBytes() + bytes.readableBytes() > MAX_PENDING_INPUT) {
            malformed("more than " + MAX_PENDING_INPUT + " bytes without a complete PS structure; dropped");
            consumed += input.readableBytes();
            input.clear();
            inUnboundedVideo = false;
        }
        input.writeBytes(bytes, bytes.readerIndex(), bytes.readableBytes());
        parse();
        if (input.readerIndex() > 64 * 1024) {
            input.discardReadBytes();
        }
        pictures.tidy();
    }

    /** The transport says the current picture is complete: hands it out. */
    public void endOfFrame() {
        if (inUnboundedVideo) {
            // A length-0 PES runs to the next start code; at a frame's end it runs to the end of what arrived.
            appendVideo(input, input.readerIndex(), input.readableBytes());
            skip(input.readableBytes());
            inUnboundedVideo = false;
        }
        pictures.endOfPicture();
    }

    /** Bytes of the stream were lost: the picture in progress is damaged, and reading resyncs on a start code. */
    public void lost() {
        skip(input.readableBytes());
        inUnboundedVideo = false;
        pictures.lost();
    }

    /** The stream type the map gave a stream id, if any. */
    public PsStreamType streamType(int streamId) {
        return streamTypes.get(streamId);
    }

    /** The audio the map names (its first audio stream), or null when it names none or no map has come yet. */
    public PsStreamType audioType() {
        return streamTypes.values().stream().filter(PsStreamType::isAudio).findFirst().orElse(null);
    }

    /** Frees what is held; the demuxer is not used after. */
    public void close() {
        input.release();
        pictures.close();
    }

    private void parse() {
        while (true) {
            if (inUnboundedVideo && !continueUnboundedVideo()) {
                return;
            }
            int start = findStartCode(input, input.readerIndex());
            if (start < 0) {
                int keep = Math.min(3, input.readableBytes());
                garbage(input.readableBytes() - keep);
                return;
            }
            garbage(start - input.readerIndex());
            if (input.writerIndex() - start < 4) {
                return;
            }
            int id = input.getUnsignedByte(start + 3);
            int used = structure(id, start);
            if (used == 0) {
                return;
            }
            skippingGarbage = false;
            skip(used);
        }
    }

    /** Reads the structure at {@code start}; returns its length, 0 when more bytes are needed. */
    private int structure(int id, int start) {
        int available = input.writerIndex() - start;
        if (id == PACK) {
            return packHeader(start, available);
        }
        if (id == PROGRAM_END) {
            return 4;
        }
        if (available < 6) {
            return 0;
        }
        int length = input.getUnsignedShort(start + 4);
        if (id >= VIDEO_FIRST && id <= VIDEO_LAST && length == 0) {
            return startUnboundedVideo(id, start, available);
        }
        if (length == 0) {
            malformed("PES 0x" + hex(id) + " of length 0 (only video may run unbounded)");
            return 6;
        }
        if (available < 6 + length) {
            return 0;
        }
        if (id == STREAM_MAP) {
            streamMap(start + 6, length);
        } else if (id >= VIDEO_FIRST && id <= VIDEO_LAST) {
            videoPes(id, start, 6 + length);
        } else if (id >= AUDIO_FIRST && id <= AUDIO_LAST) {
            audioPes(id, start, 6 + length);
        }
        // The system header, padding and private streams carry nothing the hub reads.
        return 6 + length;
    }

    private int packHeader(int start, int available) {
        if (available < 5) {
            return 0;
        }
        int marker = input.getUnsignedByte(start + 4);
        if ((marker & 0xC0) == 0x40) {
            if (available < 14) {
                return 0;
            }
            int length = 14 + (input.getUnsignedByte(start + 13) & 0x07);
            return available < length ? 0 : length;
        }
        if ((marker & 0xF0) == 0x20) {
            return available < 12 ? 0 : 12;
        }
        malformed("pack header with neither the MPEG-2 nor the MPEG-1 marker bits");
        return 4;
    }

    private void streamMap(int at, int length) {
        int end = at + length;
        if (length < 10) {
            malformed("program stream map of " + length + " bytes, too short");
            return;
        }
        int infoLength = input.getUnsignedShort(at + 2);
        int mapAt = at + 4 + infoLength;
        if (mapAt + 2 > end) {
            malformed("program stream map: its info runs past its end");
            return;
        }
        int mapLength = input.getUnsignedShort(mapAt);
        int entry = mapAt + 2;
        int mapEnd = Math.min(entry + mapLength, end);
        while (entry + 4 <= mapEnd) {
            int type = input.getUnsignedByte(entry);
            int streamId = input.getUnsignedByte(entry + 1);
            PsStreamType named = PsStreamType.of(type);
            streamTypes.put(streamId, named);
            if (named.videoCodec() != null) {
                // The map names the video stream: a stream id taken from damaged bytes before it gives way.
                videoStreamId = streamId;
                pictures.codec(named.videoCodec());
            }
            entry += 4 + input.getUnsignedShort(entry + 2);
        }
        if (entry < mapEnd) {
            malformed("program stream map: a truncated entry");
        }
    }

    /** Where a PES's payload starts and its PTS; null when the header is broken. */
    private record PesHeader(int payloadAt, long pts) {
    }

    private PesHeader pesHeader(int start, int end) {
        int at = start + 6;
        if (at < end && (input.getUnsignedByte(at) & 0xC0) == 0x80) {
            if (at + 3 > end) {
                return null;
            }
            int flags = input.getUnsignedByte(at + 1);
            int headerLength = input.getUnsignedByte(at + 2);
            int payloadAt = at + 3 + headerLength;
            if (payloadAt > end) {
                return null;
            }
            long pts = (flags & 0x80) != 0 && headerLength >= 5 ? timestamp(at + 3) : -1;
            return new PesHeader(payloadAt, pts);
        }
        // MPEG-1: stuffing, an optional STD buffer size, then a PTS, a PTS and DTS, or nothing (0x0F).
        while (at < end && input.getUnsignedByte(at) == 0xFF) {
            at++;
        }
        if (at < end && (input.getUnsignedByte(at) & 0xC0) == 0x40) {
            at += 2;
        }
        if (at >= end) {
            return null;
        }
        int kind = input.getUnsignedByte(at) & 0xF0;
        if (kind == 0x20) {
            return at + 5 <= end ? new PesHeader(at + 5, timestamp(at)) : null;
        }
        if (kind == 0x30) {
            return at + 10 <= end ? new PesHeader(at + 10, timestamp(at)) : null;
        }
        return input.getUnsignedByte(at) == 0x0F ? new PesHeader(at + 1, -1) : null;
    }

    private long timestamp(int at) {
        return ((long) (input.getUnsignedByte(at) & 0x0E) << 29) | ((long) (input.getUnsignedShort(at + 1) >> 1) << 15)
                | (input.getUnsignedShort(at + 3) >> 1);
    }

    private void audioPes(int id, int start, int length) {
        PsStreamType type = streamTypes.getOrDefault(id, PsStreamType.G711A);
        if (!type.isAudio()) {
            return;
        }
        PesHeader header = pesHeader(start, start + length);
        if (header == null) {
            malformed("audio PES 0x" + hex(id) + " with a broken header");
            return;
        }
        int size = start + length - header.payloadAt();
        if (size > 0) {
            listener.audio(new PsAudioFrame(type, header.pts(), input.copy(header.payloadAt(), size)));
        }
    }

    private void videoPes(int id, int start, int length) {
        PesHeader header = pesHeader(start, start + length);
        if (header == null) {
            malformed("video PES 0x" + hex(id) + " with a broken header");
            return;
        }
        if (!takeVideo(id, header.pts())) {
            return;
        }
        appendVideo(input, header.payloadAt(), start + length - header.payloadAt());
    }

    private int startUnboundedVideo(int id, int start, int available) {
        if (available < 9) {
            return 0;
        }
        int headerEnd = start + 9 + input.getUnsignedByte(start + 8);
        if (input.writerIndex() < headerEnd) {
            return 0;
        }
        PesHeader header = pesHeader(start, headerEnd);
        if (header == null) {
            malformed("video PES 0x" + hex(id) + " of length 0 with a broken header");
            return 6;
        }
        if (takeVideo(id, header.pts())) {
            inUnboundedVideo = true;
        }
        return header.payloadAt() - start;
    }

    /** Reads an unbounded PES up to the next structure's start code; false when more bytes are needed. */
    private boolean continueUnboundedVideo() {
        int from = input.readerIndex();
        int next = findStartCode(input, from);
        if (next < 0 || input.writerIndex() - next < 4) {
            // The last bytes may begin the next start code: they wait for more.
            int take = next < 0 ? Math.max(0, input.readableBytes() - 3) : next - from;
            appendVideo(input, from, take);
            skip(take);
            return false;
        }
        appendVideo(input, from, next - from);
        skip(next - from);
        inUnboundedVideo = false;
        return true;
    }

    /** Whether a video PES of stream {@code id} is read (the first video stream only); marks where it begins. */
    private boolean takeVideo(int id, long pts) {
        if (videoStreamId < 0) {
            videoStreamId = id;
            PsStreamType named = streamTypes.get(id);
            if (named != null && named.videoCodec() != null) {
                pictures.codec(named.videoCodec());
            }
        }
        if (id != videoStreamId) {
            return false;
        }
        pictures.pesStart(pts);
        return true;
    }

    private void appendVideo(ByteBuf from, int at, int length) {
        if (length <= 0) {
            return;
        }
        if (pictures.buffered() + length > MAX_FRAME_BYTES) {
            malformed("a picture over " + MAX_FRAME_BYTES + " bytes without a boundary; dropped");
            pictures.drop();
            return;
        }
        pictures.append(from, at, length);
    }

    /**
     * An H.265 NAL header has its second byte 0x01 in practice (layer 0, temporal id 1) and a type a stream starts
     * with (parameter sets, SEI, slices); the same bytes as H.264 would be rare slice partitions.
     */
    static boolean looksLikeH265(ByteBuf nal) {
        if (nal.readableBytes() < 2) {
            return false;
        }
        int first = nal.getUnsignedByte(nal.readerIndex());
        int second = nal.getUnsignedByte(nal.readerIndex() + 1);
        int type = (first >> 1) & 0x3F;
        return (first & 0x81) == 0 && second == 0x01 && (type <= 21 || (type >= 32 && type <= 40));
    }

    /** Splits Annex B into NAL units (retained slices of {@code whole}); bytes before the first start code count. */
    static List<ByteBuf> nals(ByteBuf whole) {
        List<ByteBuf> nals = new ArrayList<>();
        int end = whole.writerIndex();
        int at = whole.readerIndex();
        int first = findAnyStartCode(whole, at);
        if (first < 0) {
            addNal(nals, whole, at, end);
            return nals;
        }
        addNal(nals, whole, at, first);
        at = first + 3;
        while (at < end) {
            int next = findAnyStartCode(whole, at);
            int nalEnd = next < 0 ? end : next;
            addNal(nals, whole, at, nalEnd);
            if (next < 0) {
                break;
            }
            at = next + 3;
        }
        return nals;
    }

    private static void addNal(List<ByteBuf> nals, ByteBuf whole, int from, int to) {
        // The zero before a four-byte start code, and trailing zeros, belong to no NAL unit.
        while (to > from && whole.getByte(to - 1) == 0) {
            to--;
        }
        if (to > from) {
            nals.add(whole.retainedSlice(from, to - from));
        }
    }

    /** The index of the next 00 00 01 at or after {@code from}, or -1. */
    static int findAnyStartCode(ByteBuf in, int from) {
        int end = in.writerIndex() - 2;
        for (int i = from; i < end; i++) {
            if (in.getUnsignedByte(i + 2) > 1) {
                i += 2;
            } else if (in.getByte(i) == 0 && in.getByte(i + 1) == 0 && in.getByte(i + 2) == 1) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the next start code of a PS structure (00 00 01 and a byte from 0xB9 on), or -1. */
    private static int findStartCode(ByteBuf in, int from) {
        int at = from;
        while (true) {
            int found = findAnyStartCode(in, at);
            if (found < 0 || found + 3 >= in.writerIndex()) {
                return found;
            }
            if (in.getUnsignedByte(found + 3) >= PROGRAM_END) {
                return found;
            }
            at = found + 1;
        }
    }

    private void garbage(int bytes) {
        if (bytes <= 0) {
            return;
        }
        if (!skippingGarbage) {
            skippingGarbage = true;
            malformed("bytes outside any PS structure, skipped to the next start code");
        }
        skip(bytes);
    }

    private void skip(int bytes) {
        input.skipBytes(bytes);
        consumed += bytes;
    }

    private void malformed(String what) {
        listener.malformed(what + " (at byte " + consumed + " of the stream)");
    }

    private static String hex(int id) {
        return String.format("%02X", id);
    }
}

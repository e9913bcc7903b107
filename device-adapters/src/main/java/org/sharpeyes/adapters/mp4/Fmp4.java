package org.sharpeyes.adapters.mp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.sharpeyes.adapters.rtp.VideoCodec;

/**
 * Writes fragmented MP4 (ISO/IEC 14496-12) for one H.264 or H.265 video track and an optional AAC track, as browsers'
 * Media Source Extensions play it: an initialization segment (ftyp, moov with the decoder configurations and mvex),
 * then one movie fragment (moof, mdat) per sample. Pictures are AVCC (4-byte length before each NAL unit); a fragment wraps the shared sample without copying it.
 */
public final class Fmp4 {

    public static final int TIMESCALE = 90_000;
    public static final int VIDEO_TRACK = 1;
    public static final int AUDIO_TRACK = 2;
    /** moof of one sample: mfhd (16), traf (8 + tfhd 16 + tfdt 20 + trun 32), and its own 8. */
    private static final int MOOF_BYTES = 100;
    private static final int MOOF = fourCc("moof");
    private static final int MFHD = fourCc("mfhd");
    private static final int TRAF = fourCc("traf");
    private static final int TFHD = fourCc("tfhd");
    private static final int TFDT = fourCc("tfdt");
    private static final int TRUN = fourCc("trun");
    private static final int MDAT = fourCc("mdat");

    private Fmp4() {
    }

    /** An AAC audio track: its AudioSpecificConfig, sample rate (the track's timescale) and channels. */
    public record AacTrack(byte[] audioSpecificConfig, int sampleRate, int channels) {
    }

    /**
     * ftyp + moov for a video track of {@code width}x{@code height}: an {@code avc1} sample entry with an {@code avcC}
     * (H.264) or an {@code hvc1} with an {@code hvcC} (H.265), {@code record} being the codec's decoder configuration
     * record; and, unless {@code audio} is null, an AAC track ({@code mp4a} with an {@code esds}) as track 2.
     */
    public static ByteBuf initSegment(ByteBufAllocator allocator, VideoCodec codec, byte[] record, int width,
            int height, AacTrack audio) {
        ByteBuf out = allocator.buffer(1024);
        box(out, "ftyp", b -> b.writeBytes(ascii("isom")).writeInt(512)
                .writeBytes(ascii(codec == VideoCodec.H264 ? "isomiso6avc1mp41" : "isomiso6mp41")));
        box(out, "moov", moov -> {
            fullBox(moov, "mvhd", 0, 0, b -> {
                b.writeInt(0).writeInt(0).writeInt(1000).writeInt(0).writeInt(0x00010000).writeShort(0x0100)
                        .writeZero(10);
                matrix(b);
                b.writeZero(24).writeInt(AUDIO_TRACK + 1);
            });
            trak(moov, VIDEO_TRACK, TIMESCALE, width, height, "vide", "VideoHandler",
                    minf -> fullBox(minf, "vmhd", 0, 1, b -> b.writeZero(8)),
                    stsd -> sampleEntry(stsd, codec, record, width, height));
            if (audio != null) {
                trak(moov, AUDIO_TRACK, audio.sampleRate(), 0, 0, "soun", "SoundHandler",
                        minf -> fullBox(minf, "smhd", 0, 0, b -> b.writeInt(0)),
                        stsd -> mp4a(stsd, audio));
            }
            box(moov, "mvex", mvex -> {
                trex(mvex, VIDEO_TRACK);
                if (audio != null) {
                    trex(mvex, AUDIO_TRACK);
                }
            });
        });
        return out;
    }

    private static void trak(ByteBuf moov, int track, int timescale, int width, int height, String handler,
            String handlerName, Consumer<ByteBuf> mediaHeader, Consumer<ByteBuf> sampleEntry) {
        box(moov, "trak", trak -> {
            fullBox(trak, "tkhd", 0, 3, b -> {
                b.writeInt(0).writeInt(0).writeInt(track).writeInt(0).writeInt(0).writeZero(8).writeShort(0)
                        .writeShort(0).writeShort(width == 0 ? 0x0100 : 0).writeShort(0);
                matrix(b);
                b.writeInt(width << 16).writeInt(height << 16);
            });
            box(trak, "mdia", mdia -> {
                fullBox(mdia, "mdhd", 0, 0, b -> b.writeInt(0).writeInt(0).writeInt(timescale).writeInt(0)
                        .writeShort(0x55C4).writeShort(0));
                fullBox(mdia, "hdlr", 0, 0, b -> b.writeInt(0).writeBytes(ascii(handler)).writeZero(12)
                        .writeBytes(ascii(handlerName)).writeByte(0));
                box(mdia, "minf", minf -> {
                    mediaHeader.accept(minf);
                    box(minf, "dinf", dinf -> fullBox(dinf, "dref", 0, 0, b -> {
                        b.writeInt(1);
                        fullBox(b, "url ", 0, 1, url -> { });
                    }));
                    box(minf, "stbl", stbl -> {
                        fullBox(stbl, "stsd", 0, 0, b -> {
                            b.writeInt(1);
                            sampleEntry.accept(b);
                        });
                        fullBox(stbl, "stts", 0, 0, b -> b.writeInt(0));
                        fullBox(stbl, "stsc", 0, 0, b -> b.writeInt(0));
                        fullBox(stbl, "stsz", 0, 0, b -> b.writeInt(0).writeInt(0));
                        fullBox(stbl, "stco", 0, 0, b -> b.writeInt(0));
                    });
                });
            });
        });
    }

    private static void trex(ByteBuf mvex, int track) {
        fullBox(mvex, "trex", 0, 0, b -> b.writeInt(track).writeInt(1).writeInt(0).writeInt(0).writeInt(0));
    }

    /** The AAC sample entry with its elementary stream descriptor (ISO/IEC 14496-1 §7.2.6.5, lengths under 128). */
    private static void mp4a(ByteBuf out, AacTrack audio) {
        box(out, "mp4a", b -> {
            b.writeZero(6).writeShort(1).writeZero(8).writeShort(audio.channels()).writeShort(16).writeInt(0)
                    .writeInt(audio.sampleRate() << 16);
            byte[] config = audio.audioSpecificConfig();
            int decoderSpecific = 2 + config.length;
            int decoderConfig = 2 + 13 + decoderSpecific;
            int es = 2 + 3 + decoderConfig + 3;
            fullBox(b, "esds", 0, 0, e -> e.writeByte(0x03).writeByte(es - 2).writeShort(AUDIO_TRACK).writeByte(0)
                    .writeByte(0x04).writeByte(decoderConfig - 2).writeByte(0x40).writeByte(0x15).writeMedium(0)
                    .writeInt(0).writeInt(0)
                    .writeByte(0x05).writeByte(config.length).writeBytes(config)
                    .writeByte(0x06).writeByte(1).writeByte(0x02));
        });
    }

    /**
     * One movie fragment for one sample of {@code track} (a picture, or an AAC access unit): moof and the mdat header in a small buffer, followed by {@code sample}
     * (AVCC, taken over by the result).
     */
    public static ByteBuf fragment(ByteBufAllocator allocator, int sequence, int track, long decodeTime,
            int duration, boolean keyFrame, ByteBuf sample) {
        ByteBuf head = fragmentHead(allocator.buffer(128), sequence, track, decodeTime, duration, keyFrame,
                sample.readableBytes());
        CompositeByteBuf fragment = allocator.compositeBuffer(2);
        fragment.addComponents(true, head, sample);
        return fragment;
    }

    /**
     * Writes what precedes a one-sample fragment's sample of {@code size} bytes into {@code out}: the {@code moof}
     * and the {@code mdat} header, so a server can put its own framing before them and send the sample itself,
     * shared, after.
     */
    public static ByteBuf fragmentHead(ByteBuf out, int sequence, int track, long decodeTime, int duration,
            boolean keyFrame, int size) {
        // A fixed layout, written straight: it is made for every picture of every fMP4 stream.
        return out.writeInt(MOOF_BYTES).writeInt(MOOF)
                .writeInt(16).writeInt(MFHD).writeInt(0).writeInt(sequence)
                .writeInt(MOOF_BYTES - 24).writeInt(TRAF)
                .writeInt(16).writeInt(TFHD).writeInt(0x020000).writeInt(track)
                .writeInt(20).writeInt(TFDT).writeInt(0x01000000).writeLong(decodeTime)
                .writeInt(32).writeInt(TRUN).writeInt(0x000305).writeInt(1).writeInt(MOOF_BYTES + 8)
                .writeInt(keyFrame ? 0x02000000 : 0x01010000).writeInt(duration).writeInt(size)
                .writeInt(8 + size).writeInt(MDAT);
    }

    private static void sampleEntry(ByteBuf out, VideoCodec codec, byte[] record, int width, int height) {
        boolean avc = codec == VideoCodec.H264;
        box(out, avc ? "avc1" : "hvc1", b -> {
            b.writeZero(6).writeShort(1).writeZero(16).writeShort(width).writeShort(height).writeInt(0x00480000)
                    .writeInt(0x00480000).writeInt(0).writeShort(1).writeZero(32).writeShort(0x18).writeShort(-1);
            box(b, avc ? "avcC" : "hvcC", c -> c.writeBytes(record));
        });
    }

    private static void matrix(ByteBuf b) {
        b.writeInt(0x00010000).writeInt(0).writeInt(0).writeInt(0).writeInt(0x00010000).writeInt(0).writeInt(0)
                .writeInt(0).writeInt(0x40000000);
    }

    /** Writes a box: size, type, then what {@code body} writes; the size is filled in afterwards. */
    private static void box(ByteBuf out, String type, Consumer<ByteBuf> body) {
        int start = out.writerIndex();
        out.writeInt(0).writeCharSequence(type, StandardCharsets.US_ASCII);
        body.accept(out);
        out.setInt(start, out.writerIndex() - start);
    }

    private static void fullBox(ByteBuf out, String type, int version, int flags,
            Consumer<ByteBuf> body) {
        box(out, type, b -> {
            b.writeInt((version << 24) | flags);
            body.accept(b);
        });
    }

    private static int fourCc(String type) {
        byte[] bytes = ascii(type);
        return (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

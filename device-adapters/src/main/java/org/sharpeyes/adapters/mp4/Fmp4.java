package org.sharpeyes.adapters.mp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;
import org.sharpeyes.adapters.rtp.VideoCodec;

/**
 * Writes fragmented MP4 (ISO/IEC 14496-12) for one H.264 or H.265 video track, as browsers' Media Source Extensions play it:
 * an initialization segment (ftyp, moov with the decoder configuration and mvex), then one movie fragment (moof, mdat) per picture.
 * Samples are AVCC (4-byte length before each NAL unit); a fragment wraps the shared sample without copying it.
 */
public final class Fmp4 {

    public static final int TIMESCALE = 90_000;
    private static final int TRACK = 1;

    private Fmp4() {
    }

    /**
     * ftyp + moov for a track of {@code width}x{@code height}: an {@code avc1} sample entry with an {@code avcC} (H.264)
     * or an {@code hvc1} with an {@code hvcC} (H.265), {@code record} being the codec's decoder configuration record.
     */
    public static ByteBuf initSegment(ByteBufAllocator allocator, VideoCodec codec, byte[] record, int width,
            int height) {
        ByteBuf out = allocator.buffer(1024);
        box(out, "ftyp", b -> b.writeBytes(ascii("isom")).writeInt(512)
                .writeBytes(ascii(codec == VideoCodec.H264 ? "isomiso6avc1mp41" : "isomiso6mp41")));
        box(out, "moov", moov -> {
            fullBox(moov, "mvhd", 0, 0, b -> {
                b.writeInt(0).writeInt(0).writeInt(1000).writeInt(0).writeInt(0x00010000).writeShort(0x0100)
                        .writeZero(10);
                matrix(b);
                b.writeZero(24).writeInt(TRACK + 1);
            });
            box(moov, "trak", trak -> {
                fullBox(trak, "tkhd", 0, 3, b -> {
                    b.writeInt(0).writeInt(0).writeInt(TRACK).writeInt(0).writeInt(0).writeZero(8).writeShort(0)
                            .writeShort(0).writeShort(0).writeShort(0);
                    matrix(b);
                    b.writeInt(width << 16).writeInt(height << 16);
                });
                box(trak, "mdia", mdia -> {
                    fullBox(mdia, "mdhd", 0, 0, b -> b.writeInt(0).writeInt(0).writeInt(TIMESCALE).writeInt(0)
                            .writeShort(0x55C4).writeShort(0));
                    fullBox(mdia, "hdlr", 0, 0, b -> b.writeInt(0).writeBytes(ascii("vide")).writeZero(12)
                            .writeBytes(ascii("VideoHandler")).writeByte(0));
                    box(mdia, "minf", minf -> {
                        fullBox(minf, "vmhd", 0, 1, b -> b.writeZero(8));
                        box(minf, "dinf", dinf -> fullBox(dinf, "dref", 0, 0, b -> {
                            b.writeInt(1);
                            fullBox(b, "url ", 0, 1, url -> { });
                        }));
                        box(minf, "stbl", stbl -> {
                            fullBox(stbl, "stsd", 0, 0, b -> {
                                b.writeInt(1);
                                sampleEntry(b, codec, record, width, height);
                            });
                            fullBox(stbl, "stts", 0, 0, b -> b.writeInt(0));
                            fullBox(stbl, "stsc", 0, 0, b -> b.writeInt(0));
                            fullBox(stbl, "stsz", 0, 0, b -> b.writeInt(0).writeInt(0));
                            fullBox(stbl, "stco", 0, 0, b -> b.writeInt(0));
                        });
                    });
                });
            });
            box(moov, "mvex", mvex -> fullBox(mvex, "trex", 0, 0, b -> b.writeInt(TRACK).writeInt(1).writeInt(0)
                    .writeInt(0).writeInt(0)));
        });
        return out;
    }

    /**
     * One movie fragment for one picture: moof and the mdat header in a small buffer, followed by {@code sample}
     * (AVCC, taken over by the result).
     */
    public static ByteBuf fragment(ByteBufAllocator allocator, int sequence, long decodeTime, int duration,
            boolean keyFrame, ByteBuf sample) {
        int size = sample.readableBytes();
        ByteBuf head = allocator.buffer(128);
        int moofStart = head.writerIndex();
        int[] dataOffsetAt = new int[1];
        box(head, "moof", moof -> {
            fullBox(moof, "mfhd", 0, 0, b -> b.writeInt(sequence));
            box(moof, "traf", traf -> {
                fullBox(traf, "tfhd", 0, 0x020000, b -> b.writeInt(TRACK));
                fullBox(traf, "tfdt", 1, 0, b -> b.writeLong(decodeTime));
                fullBox(traf, "trun", 0, 0x000305, b -> {
                    b.writeInt(1);
                    dataOffsetAt[0] = b.writerIndex();
                    b.writeInt(0);
                    b.writeInt(keyFrame ? 0x02000000 : 0x01010000);
                    b.writeInt(duration);
                    b.writeInt(size);
                });
            });
        });
        int moofSize = head.writerIndex() - moofStart;
        head.setInt(dataOffsetAt[0], moofSize + 8);
        head.writeInt(8 + size).writeBytes(ascii("mdat"));
        CompositeByteBuf fragment = allocator.compositeBuffer(2);
        fragment.addComponents(true, head, sample);
        return fragment;
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
    private static void box(ByteBuf out, String type, java.util.function.Consumer<ByteBuf> body) {
        int start = out.writerIndex();
        out.writeInt(0).writeBytes(ascii(type));
        body.accept(out);
        out.setInt(start, out.writerIndex() - start);
    }

    private static void fullBox(ByteBuf out, String type, int version, int flags,
            java.util.function.Consumer<ByteBuf> body) {
        box(out, type, b -> {
            b.writeInt((version << 24) | flags);
            body.accept(b);
        });
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

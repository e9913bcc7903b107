package org.sharpeyes.adapters.rtp.audio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * AAC in ADTS framing (ISO/IEC 13818-7 6.2, 14496-3 1.A.2), as GB/T 28181 devices put it in a program stream: each
 * frame a 7-byte header (9 with its CRC) of sync word, profile, sample rate index, channels and frame length, then one
 * raw AAC frame. The AudioSpecificConfig an RTP or FLV receiver needs is made from the header.
 */
public final class Adts {

    private static final int HEADER = 7;
    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
        8000, 7350};

    /**
     * One ADTS frame.
     *
     * @param config its AudioSpecificConfig (2 bytes: object type, sample rate index, channel configuration)
     * @param payload the raw AAC frame, a slice of the input (not a copy)
     */
    public record Frame(byte[] config, int sampleRate, int channels, ByteBuf payload) {
    }

    private Adts() {
    }

    /**
     * The frames of {@code data}, back to back from its reader index; anything that is no ADTS frame (a lost sync
     * word, a length past the end, a reserved sample rate) throws, naming the byte where it is.
     */
    public static List<Frame> frames(ByteBuf data) {
        List<Frame> frames = new ArrayList<>();
        int at = data.readerIndex();
        int end = data.writerIndex();
        while (at < end) {
            if (end - at < HEADER) {
                throw new IllegalArgumentException("ADTS: " + (end - at) + " bytes at byte " + (at
                        - data.readerIndex()) + ", too few for a header");
            }
            if (data.getUnsignedByte(at) != 0xFF || (data.getUnsignedByte(at + 1) & 0xF6) != 0xF0) {
                throw new IllegalArgumentException("ADTS: no sync word at byte " + (at - data.readerIndex()));
            }
            boolean crc = (data.getUnsignedByte(at + 1) & 0x01) == 0;
            int profile = data.getUnsignedByte(at + 2) >> 6;
            int rateIndex = (data.getUnsignedByte(at + 2) >> 2) & 0x0F;
            int channels = ((data.getUnsignedByte(at + 2) & 0x01) << 2) | (data.getUnsignedByte(at + 3) >> 6);
            int length = ((data.getUnsignedByte(at + 3) & 0x03) << 11) | (data.getUnsignedByte(at + 4) << 3)
                    | (data.getUnsignedByte(at + 5) >> 5);
            int header = crc ? HEADER + 2 : HEADER;
            if (rateIndex >= RATES.length) {
                throw new IllegalArgumentException("ADTS: reserved sample rate index " + rateIndex + " at byte "
                        + (at - data.readerIndex()));
            }
            if (length <= header || at + length > end) {
                throw new IllegalArgumentException("ADTS: frame length " + length + " at byte " + (at
                        - data.readerIndex()) + " does not fit the " + (end - at) + " bytes left");
            }
            int objectType = profile + 1;
            byte[] config = {(byte) ((objectType << 3) | (rateIndex >> 1)), (byte) (((rateIndex & 1) << 7)
                    | (channels << 3))};
            frames.add(new Frame(config, RATES[rateIndex], channels, data.slice(at + header, length - header)));
            at += length;
        }
        return frames;
    }

    /** One raw AAC frame (read, not released) behind the ADTS header its AudioSpecificConfig {@code config} makes. */
    public static ByteBuf frame(ByteBufAllocator allocator, byte[] config, ByteBuf raw) {
        int objectType = (config[0] & 0xFF) >> 3;
        int rateIndex = ((config[0] & 0x07) << 1) | ((config[1] & 0x80) >> 7);
        int channels = (config[1] >> 3) & 0x0F;
        int length = HEADER + raw.readableBytes();
        ByteBuf out = allocator.buffer(length);
        out.writeByte(0xFF).writeByte(0xF1)
                .writeByte(((objectType - 1) << 6) | (rateIndex << 2) | (channels >> 2))
                .writeByte(((channels & 0x03) << 6) | (length >> 11))
                .writeByte((length >> 3) & 0xFF)
                .writeByte(((length & 0x07) << 5) | 0x1F)
                .writeByte(0xFC);
        return out.writeBytes(raw, raw.readerIndex(), raw.readableBytes());
    }
}

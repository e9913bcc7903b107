package org.sharpeyes.adapters.rtp.audio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * AAC over RTP as cameras send it (RFC 3640 {@code mpeg4-generic}, AAC-hbr mode): a 16-bit AU-headers length in
 * bits, then one AU header per access unit ({@code sizelength} bits of size, {@code indexlength} bits of index), then
 * the access units back to back. The {@code config} parameter is the AudioSpecificConfig, in hex.
 */
public final class Mpeg4Generic {

    public static final int HBR_SIZE_LENGTH = 13;
    public static final int HBR_INDEX_LENGTH = 3;
    /** The sample rates an AudioSpecificConfig indexes (ISO/IEC 14496-3 Table 1.18). */
    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
        8000, 7350};

    private Mpeg4Generic() {
    }

    /** The access units of one payload, as slices of it (not copies); malformed headers throw. */
    public static List<ByteBuf> accessUnits(ByteBuf payload, int sizeLength, int indexLength) {
        int start = payload.readerIndex();
        if (payload.readableBytes() < 2) {
            throw new IllegalArgumentException("AAC payload shorter than its AU-headers length");
        }
        int headerBits = payload.getUnsignedShort(start);
        int headerBytes = (headerBits + 7) / 8;
        int headerSize = sizeLength + indexLength;
        if (headerSize == 0 || headerBits % headerSize != 0 || 2 + headerBytes > payload.readableBytes()) {
            throw new IllegalArgumentException("AAC AU-headers length " + headerBits + " bits does not fit the packet");
        }
        List<ByteBuf> units = new ArrayList<>();
        int data = start + 2 + headerBytes;
        for (int bit = 0; bit < headerBits; bit += headerSize) {
            int size = readBits(payload, start + 2, bit, sizeLength);
            if (data + size > payload.writerIndex()) {
                throw new IllegalArgumentException("AAC access unit of " + size + " bytes runs past the packet");
            }
            units.add(payload.slice(data, size));
            data += size;
        }
        return units;
    }

    /** One access unit as an AAC-hbr payload (the simulator's cameras send one per packet). */
    public static ByteBuf payload(ByteBufAllocator allocator, ByteBuf accessUnit) {
        int size = accessUnit.readableBytes();
        return allocator.buffer(4 + size).writeShort(16).writeShort(size << HBR_INDEX_LENGTH)
                .writeBytes(accessUnit, accessUnit.readerIndex(), size);
    }

    /** The AudioSpecificConfig from an SDP's fmtp parameters, or null when absent or not hex. */
    public static byte[] config(Map<String, String> fmtp) {
        String config = fmtp.get("config");
        if (config == null || config.isBlank()) {
            return null;
        }
        try {
            byte[] bytes = HexFormat.of().parseHex(config.trim());
            return bytes.length >= 2 ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The sample rate an AudioSpecificConfig declares, or 0 when it uses an explicit or reserved index. */
    public static int sampleRate(byte[] config) {
        int index = ((config[0] & 0x07) << 1) | ((config[1] & 0x80) >> 7);
        return index < RATES.length ? RATES[index] : 0;
    }

    private static int readBits(ByteBuf buf, int base, int bitOffset, int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            int bit = bitOffset + i;
            int b = buf.getUnsignedByte(base + (bit >> 3));
            value = (value << 1) | ((b >> (7 - (bit & 7))) & 1);
        }
        return value;
    }
}

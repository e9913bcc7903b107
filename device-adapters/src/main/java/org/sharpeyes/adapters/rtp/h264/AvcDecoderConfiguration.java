package org.sharpeyes.adapters.rtp.h264;

/**
 * The AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1): what an MP4 {@code avcC} box and the FLV AVC
 * sequence header carry, with one SPS and PPS and 4-byte NAL unit lengths.
 */
public final class AvcDecoderConfiguration {

    private AvcDecoderConfiguration() {
    }

    public static byte[] record(byte[] sps, byte[] pps) {
        if (sps.length < 4) {
            throw new IllegalArgumentException("an SPS has at least 4 bytes, got " + sps.length);
        }
        byte[] record = new byte[11 + sps.length + pps.length];
        record[0] = 1;
        record[1] = sps[1];
        record[2] = sps[2];
        record[3] = sps[3];
        record[4] = (byte) 0xFF;
        record[5] = (byte) 0xE1;
        record[6] = (byte) (sps.length >> 8);
        record[7] = (byte) sps.length;
        System.arraycopy(sps, 0, record, 8, sps.length);
        int at = 8 + sps.length;
        record[at] = 1;
        record[at + 1] = (byte) (pps.length >> 8);
        record[at + 2] = (byte) pps.length;
        System.arraycopy(pps, 0, record, at + 3, pps.length);
        return record;
    }
}

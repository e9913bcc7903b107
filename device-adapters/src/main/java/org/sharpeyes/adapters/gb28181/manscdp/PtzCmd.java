package org.sharpeyes.adapters.gb28181.manscdp;

import java.util.HexFormat;
import java.util.Locale;

/**
 * The 8-byte front-end control command of GB/T 28181 appendix A ({@code PTZCmd}, sent as 16 hex digits): A5H, the
 * version and check nibble, the address, the instruction, two data bytes, the zoom speed with the address's high
 * nibble, and the sum of the seven before as a checksum. Covers pan, tilt and zoom with speeds, stop, and presets.
 *
 * @param instruction byte 4: for movement the bits 0 0 zoom-out zoom-in up down left right; 0x81-0x83 for presets
 * @param data1 byte 5: pan speed (0-255), or 0 for presets
 * @param data2 byte 6: tilt speed (0-255), or the preset number (1-255)
 * @param zoomSpeed zoom speed (0-15), the high nibble of byte 7
 * @param address the device address (12 bits), usually 1
 */
public record PtzCmd(int instruction, int data1, int data2, int zoomSpeed, int address) {

    public static final int RIGHT = 0x01;
    public static final int LEFT = 0x02;
    public static final int DOWN = 0x04;
    public static final int UP = 0x08;
    public static final int ZOOM_IN = 0x10;
    public static final int ZOOM_OUT = 0x20;
    public static final int PRESET_SET = 0x81;
    public static final int PRESET_CALL = 0x82;
    public static final int PRESET_DELETE = 0x83;

    /** A movement (a combination of the direction and zoom bits; 0 stops) at speeds of 0-255 and zoom 0-15. */
    public static PtzCmd move(int directions, int panSpeed, int tiltSpeed, int zoomSpeed) {
        return new PtzCmd(directions & 0x3F, clamp(panSpeed, 255), clamp(tiltSpeed, 255), clamp(zoomSpeed, 15), 1);
    }

    public static PtzCmd stop() {
        return move(0, 0, 0, 0);
    }

    /** Sets, calls or deletes preset {@code number} (1-255). */
    public static PtzCmd preset(int instruction, int number) {
        return new PtzCmd(instruction, 0, clamp(number, 255), 0, 1);
    }

    /** The command as the 16 upper-case hex digits a DeviceControl carries. */
    public String hex() {
        byte[] bytes = new byte[8];
        bytes[0] = (byte) 0xA5;
        bytes[1] = (byte) ((0xA + 0x5 + 0x0) % 16);
        bytes[2] = (byte) (address & 0xFF);
        bytes[3] = (byte) instruction;
        bytes[4] = (byte) data1;
        bytes[5] = (byte) data2;
        bytes[6] = (byte) (((zoomSpeed & 0x0F) << 4) | ((address >> 8) & 0x0F));
        int sum = 0;
        for (int i = 0; i < 7; i++) {
            sum += bytes[i] & 0xFF;
        }
        bytes[7] = (byte) sum;
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /** Reads 16 hex digits; the message says what is wrong (length, lead byte, check nibble, checksum). */
    public static PtzCmd parse(String hex) throws ManscdpException {
        String digits = hex == null ? "" : hex.trim();
        if (digits.length() != 16) {
            throw new ManscdpException("PTZCmd \"" + digits + "\" is not 16 hex digits");
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(digits.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ManscdpException("PTZCmd \"" + digits + "\" is not hex");
        }
        if ((bytes[0] & 0xFF) != 0xA5) {
            throw new ManscdpException("PTZCmd \"" + digits + "\" does not begin with A5");
        }
        int version = (bytes[1] >> 4) & 0x0F;
        if ((bytes[1] & 0x0F) != (0xA + 0x5 + version) % 16) {
            throw new ManscdpException("PTZCmd \"" + digits + "\" has a wrong check nibble in byte 2");
        }
        int sum = 0;
        for (int i = 0; i < 7; i++) {
            sum += bytes[i] & 0xFF;
        }
        if ((sum & 0xFF) != (bytes[7] & 0xFF)) {
            throw new ManscdpException("PTZCmd \"" + digits + "\" has checksum " + String.format("%02X",
                    bytes[7] & 0xFF) + ", the bytes before it sum to " + String.format("%02X", sum & 0xFF));
        }
        return new PtzCmd(bytes[3] & 0xFF, bytes[4] & 0xFF, bytes[5] & 0xFF, (bytes[6] >> 4) & 0x0F,
                (bytes[2] & 0xFF) | ((bytes[6] & 0x0F) << 8));
    }

    public boolean isPreset() {
        return instruction >= PRESET_SET && instruction <= PRESET_DELETE;
    }

    public boolean isStop() {
        return instruction == 0;
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}

package org.sharpeyes.adapters.event;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Number plates and their colours as devices write them, normalized: plain UTF-8 text without the middle dot or
 * spaces, upper-case letters; colours to {@code BLUE, YELLOW, GREEN, WHITE, BLACK, YELLOW_GREEN, UNKNOWN}.
 */
public final class Plates {

    /** A province character (or a special prefix) followed by letters and digits: what a plate looks like. */
    private static final Pattern PLATE = Pattern.compile("[\\p{IsHan}A-Z][A-Z0-9\\p{IsHan}]{4,9}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Charset GB18030 = Charset.forName("GB18030");

    private Plates() {
    }

    /** The plate in its plain form: dots, spaces and dashes removed, letters upper-cased. */
    public static String normalize(String plate) {
        StringBuilder out = new StringBuilder(plate.length());
        for (int i = 0; i < plate.length(); i++) {
            char c = plate.charAt(i);
            if (c == '·' || c == '•' || c == '.' || c == '・' || c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            out.append(c);
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }

    /**
     * A plate given as plain text or Base64 (of UTF-8, or of GBK as older firmware writes it): text that already reads
     * as a plate is taken as it is, otherwise a Base64 decoding that reads as a plate; null when it is neither (a
     * broken Base64, "无车牌", noise), which {@link #unreadable} then keeps for the record.
     */
    public static String decode(String license) {
        String plain = normalize(license);
        if (PLATE.matcher(plain).matches()) {
            return plain;
        }
        if (!BASE64.matcher(license.trim()).matches()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(license.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (Charset charset : new Charset[] {StandardCharsets.UTF_8, GB18030}) {
            String decoded = strictDecode(bytes, charset);
            if (decoded != null && PLATE.matcher(normalize(decoded)).matches()) {
                return normalize(decoded);
            }
        }
        return null;
    }

    /**
     * The device's text when {@link #decode} made nothing of it ({@code decoded} null), cut to 64 characters, to keep
     * under {@code raw}: the pass is real even when its plate was not read, but its text must not pose as a plate.
     */
    public static String unreadable(String license, String decoded) {
        if (license == null || license.isBlank() || decoded != null) {
            return null;
        }
        String text = license.strip();
        return text.length() <= 64 ? text : text.substring(0, 64);
    }

    private static String strictDecode(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A colour written as a word, English or Chinese ({@code blue}, {@code 蓝}, {@code yellowGreen}, {@code 黄绿}). */
    public static String colorOfName(String name) {
        if (name == null) {
            return "UNKNOWN";
        }
        String key = name.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
        return switch (key) {
            case "blue", "蓝", "蓝色" -> "BLUE";
            case "yellow", "黄", "黄色" -> "YELLOW";
            case "green", "绿", "绿色", "newenergy" -> "GREEN";
            case "white", "白", "白色" -> "WHITE";
            case "black", "黑", "黑色" -> "BLACK";
            case "yellowgreen", "黄绿", "黄绿色" -> "YELLOW_GREEN";
            default -> "UNKNOWN";
        };
    }

    /** A colour by the GA/T 1400 colour-type code (1 black, 2 white, 5 blue, 6 yellow, 9 green; others not plates). */
    public static String colorOfGat1400(String code) {
        if (code == null) {
            return "UNKNOWN";
        }
        return switch (code.trim()) {
            case "1" -> "BLACK";
            case "2" -> "WHITE";
            case "5" -> "BLUE";
            case "6" -> "YELLOW";
            case "9" -> "GREEN";
            default -> "UNKNOWN";
        };
    }
}

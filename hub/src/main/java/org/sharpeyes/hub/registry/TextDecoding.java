package org.sharpeyes.hub.registry;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes an uploaded spreadsheet export: UTF-8 with or without Excel's byte-order mark, or GBK (read as GB18030,
 * its superset), which Excel writes for "CSV" on Chinese Windows. Anything else is refused with where it breaks.
 */
public final class TextDecoding {

    /** The text and the encoding it was read in. */
    public record Decoded(String text, String encoding) {
    }

    private static final Charset GB18030 = Charset.forName("GB18030");

    private TextDecoding() {
    }

    public static Decoded decode(byte[] bytes) {
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            return new Decoded(strictUtf8(bytes, 3), "UTF-8");
        }
        if (startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0xFE, 0xFF)) {
            throw new InvalidInputException(null, "the file is UTF-16 (Excel's \"Unicode text\"), which is not "
                    + "supported: save it as \"CSV UTF-8\" or \"CSV\" instead");
        }
        try {
            return new Decoded(decoder(StandardCharsets.UTF_8).decode(ByteBuffer.wrap(bytes)).toString(), "UTF-8");
        } catch (CharacterCodingException notUtf8) {
            try {
                return new Decoded(decoder(GB18030).decode(ByteBuffer.wrap(bytes)).toString(), "GBK");
            } catch (CharacterCodingException notGbk) {
                throw new InvalidInputException(null, "the file is neither UTF-8 nor GBK: " + where(bytes, 0)
                        + "; save it as \"CSV UTF-8\"");
            }
        }
    }

    private static String strictUtf8(byte[] bytes, int offset) {
        try {
            return decoder(StandardCharsets.UTF_8).decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(null, "the file starts with a UTF-8 byte-order mark but is not UTF-8: "
                    + where(bytes, offset));
        }
    }

    /** Names the first undecodable byte as UTF-8 sees it, with its line. */
    private static String where(byte[] bytes, int offset) {
        CharsetDecoder decoder = decoder(StandardCharsets.UTF_8);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        int position = in.position();
        if (!result.isMalformed() && !result.isUnmappable()) {
            return "undecodable bytes";
        }
        int line = 1;
        for (int i = offset; i < position; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return String.format("byte 0x%02X at offset %d (line %d) is not valid UTF-8", bytes[position] & 0xFF, position,
                line);
    }

    private static CharsetDecoder decoder(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

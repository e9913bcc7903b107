package org.sharpeyes.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextDecodingTest {

    private static final String TEXT = "code,name\n51012201011320000001,红星村路口\n";

    @Test
    void readsUtf8() {
        assertThat(TextDecoding.decode(TEXT.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new TextDecoding.Decoded(TEXT, "UTF-8"));
    }

    @Test
    void dropsExcelsByteOrderMark() {
        byte[] body = TEXT.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertThat(TextDecoding.decode(withBom).text()).isEqualTo(TEXT);
    }

    @Test
    void detectsGbkFromChineseExcel() {
        assertThat(TextDecoding.decode(TEXT.getBytes(Charset.forName("GBK"))))
                .isEqualTo(new TextDecoding.Decoded(TEXT, "GBK"));
    }

    @Test
    void refusesUtf16WithTheWayOut() {
        assertThatThrownBy(() -> TextDecoding.decode(withUtf16Bom()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("UTF-16")
                .hasMessageContaining("CSV UTF-8");
    }

    @Test
    void refusesBytesThatAreNeitherUtf8NorGbkSayingWhere() {
        byte[] bad = "code\nabc\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[bad.length + 2];
        System.arraycopy(bad, 0, body, 0, bad.length);
        body[bad.length] = (byte) 0xFF;
        body[bad.length + 1] = (byte) 0xFF;
        assertThatThrownBy(() -> TextDecoding.decode(body)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("byte 0xFF at offset 9 (line 3)");
    }

    private static byte[] withUtf16Bom() {
        byte[] body = TEXT.getBytes(StandardCharsets.UTF_16LE);
        byte[] out = new byte[body.length + 2];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xFE;
        System.arraycopy(body, 0, out, 2, body.length);
        return out;
    }
}

package org.sharpeyes.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    private static List<CsvRecordReader.CsvRecord> read(String text) {
        List<CsvRecordReader.CsvRecord> records = new ArrayList<>();
        new CsvRecordReader(text).forEachRemaining(records::add);
        return records;
    }

    @Test
    void splitsPlainFieldsAndKeepsEmptyOnes() {
        assertThat(read("a,b,,d\n1,2,3,\n")).extracting(CsvRecordReader.CsvRecord::fields)
                .containsExactly(List.of("a", "b", "", "d"), List.of("1", "2", "3", ""));
    }

    @Test
    void readsQuotedFieldsWithCommasDoubledQuotesAndLineBreaks() {
        List<CsvRecordReader.CsvRecord> records = read("h1,h2\n\"a,b\",\"say \"\"hi\"\"\"\n\"two\r\nlines\",x\nlast,y");
        assertThat(records).extracting(CsvRecordReader.CsvRecord::fields).containsExactly(List.of("h1", "h2"),
                List.of("a,b", "say \"hi\""), List.of("two\nlines", "x"), List.of("last", "y"));
        assertThat(records).extracting(CsvRecordReader.CsvRecord::line).containsExactly(1, 2, 3, 5);
    }

    @Test
    void countsLinesAcrossCrLfAndLoneCrAndSkipsBlankRows() {
        List<CsvRecordReader.CsvRecord> records = read("a\r\n\r\nb\r,,,\nc\n\n");
        assertThat(records).extracting(CsvRecordReader.CsvRecord::fields)
                .containsExactly(List.of("a"), List.of("b"), List.of("c"));
        assertThat(records).extracting(CsvRecordReader.CsvRecord::line).containsExactly(1, 3, 5);
    }

    @Test
    void recoversFromTextAfterAClosingQuoteAtTheNextLine() {
        List<CsvRecordReader.CsvRecord> records = read("a,b\n\"bad\"x,1\ngood,2\n");
        assertThat(records).hasSize(3);
        assertThat(records.get(1).ok()).isFalse();
        assertThat(records.get(1).line()).isEqualTo(2);
        assertThat(records.get(1).error()).contains("unexpected 'x' after the closing quote of column 1");
        assertThat(records.get(2).fields()).containsExactly("good", "2");
        assertThat(records.get(2).line()).isEqualTo(3);
    }

    @Test
    void reportsAQuoteThatIsNeverClosed() {
        List<CsvRecordReader.CsvRecord> records = read("a,b\nok,1\nx,\"open\nmore\n");
        assertThat(records).hasSize(3);
        assertThat(records.get(2).error()).isEqualTo("the quote that opens column 2 on line 3 is never closed");
    }

    @Test
    void spansCoverEachRecordsTextExactly() {
        String text = "h\n\"a\nb\"\nc\n";
        List<CsvRecordReader.CsvRecord> records = read(text);
        assertThat(text.substring(records.get(1).start(), records.get(1).end())).isEqualTo("\"a\nb\"\n");
        assertThat(text.substring(records.get(2).start(), records.get(2).end())).isEqualTo("c\n");
    }

    @Test
    void survivesRandomBytesWithoutThrowing() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "ab,\"\r\n ";
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            List<CsvRecordReader.CsvRecord> records = read(text.toString());
            for (CsvRecordReader.CsvRecord record : records) {
                assertThat(record.end()).isGreaterThan(record.start()).isLessThanOrEqualTo(text.length());
                assertThat(record.ok() || record.error() != null).isTrue();
            }
        }
    }
}

package org.sharpeyes.hub.registry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Splits RFC 4180 CSV text into records, each with the line it starts on and its span in the text. Unlike the
 * common CSV libraries it recovers from a malformed record at the next line break, so one broken row costs only
 * itself. Blank lines and rows of empty cells are skipped.
 */
public final class CsvRecordReader implements Iterator<CsvRecordReader.CsvRecord> {

    /** One record: its fields, or the reason it could not be read; {@code start}/{@code end} index the text. */
    public record CsvRecord(int line, List<String> fields, String error, int start, int end) {
        public boolean ok() {
            return error == null;
        }
    }

    private final String text;
    private int position;
    private int line = 1;
    private CsvRecord next;

    public CsvRecordReader(String text) {
        this.text = text;
    }

    @Override
    public boolean hasNext() {
        while (next == null && position < text.length()) {
            CsvRecord record = readRecord();
            if (!record.ok() || !isBlank(record.fields())) {
                next = record;
            }
        }
        return next != null;
    }

    @Override
    public CsvRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CsvRecord record = next;
        next = null;
        return record;
    }

    private CsvRecord readRecord() {
        int startLine = line;
        int start = position;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                fields.add(field.toString());
                return new CsvRecord(startLine, fields, null, start, position);
            }
            char c = text.charAt(position);
            if (c == '"' && field.length() == 0) {
                String error = readQuoted(field, fields.size() + 1, startLine);
                if (error != null) {
                    return new CsvRecord(startLine, List.of(), error, start, position);
                }
            } else if (c == ',') {
                position++;
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' || c == '\n') {
                consumeLineBreak();
                fields.add(field.toString());
                return new CsvRecord(startLine, fields, null, start, position);
            } else {
                field.append(c);
                position++;
            }
        }
    }

    /** Reads a quoted field after its opening quote; returns an error, having skipped to the next record, or null. */
    private String readQuoted(StringBuilder field, int column, int startLine) {
        int quoteLine = line;
        position++;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '"') {
                if (position + 1 < text.length() && text.charAt(position + 1) == '"') {
                    field.append('"');
                    position += 2;
                    continue;
                }
                position++;
                if (position < text.length() && ",\r\n".indexOf(text.charAt(position)) < 0) {
                    String error = "unexpected '" + text.charAt(position) + "' after the closing quote of column "
                            + column + " (a quote inside a quoted field is written as two quotes)";
                    skipToLineEnd();
                    return error;
                }
                return null;
            }
            if (c == '\r' || c == '\n') {
                consumeLineBreak();
                field.append('\n');
            } else {
                field.append(c);
                position++;
            }
        }
        return "the quote that opens column " + column + " on line " + quoteLine + " is never closed"
                + (quoteLine == startLine ? "" : " (record starts on line " + startLine + ")");
    }

    private void skipToLineEnd() {
        while (position < text.length() && text.charAt(position) != '\r' && text.charAt(position) != '\n') {
            position++;
        }
        if (position < text.length()) {
            consumeLineBreak();
        }
    }

    private void consumeLineBreak() {
        if (text.charAt(position) == '\r' && position + 1 < text.length() && text.charAt(position + 1) == '\n') {
            position++;
        }
        position++;
        line++;
    }

    private static boolean isBlank(List<String> fields) {
        return fields.stream().allMatch(String::isBlank);
    }
}

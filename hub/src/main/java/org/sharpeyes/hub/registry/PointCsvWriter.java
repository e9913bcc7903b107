package org.sharpeyes.hub.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes points as the installers' spreadsheet, in the import's own columns so that an export can be edited and
 * imported again; credentials are never written. A cell that a spreadsheet would run as a formula ({@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return first) is written behind an apostrophe, which
 * spreadsheets show as text and {@link #unescape} takes off again on import.
 */
public final class PointCsvWriter {

    /** The columns written, in order. */
    public static final List<String> COLUMNS = List.of(PointFields.CODE, PointFields.NAME, PointFields.TYPE,
            PointFields.REGION, PointFields.SOURCE, PointFields.LAT, PointFields.LON, PointFields.STREAM_URL,
            PointFields.ONVIF_URL, PointFields.VENDOR, PointFields.INSTALLED_AT, PointFields.SERIAL);

    private final StringBuilder out = new StringBuilder("\uFEFF");

    public PointCsvWriter() {
        out.append(String.join(",", COLUMNS)).append("\r\n");
    }

    public PointCsvWriter write(Point point) {
        List<String> cells = new ArrayList<>(COLUMNS.size());
        cells.add(point.code());
        cells.add(point.name());
        cells.add(point.type().name());
        cells.add(point.regionCode());
        cells.add(point.source().name());
        cells.add(point.lat() == null ? "" : point.lat().toString());
        cells.add(point.lon() == null ? "" : point.lon().toString());
        cells.add(point.streamUrl());
        cells.add(point.onvifUrl());
        cells.add(point.vendor());
        cells.add(point.installedAt() == null ? "" : point.installedAt().toString());
        cells.add(point.serial());
        for (int i = 0; i < cells.size(); i++) {
            boolean number = i == 5 || i == 6;
            out.append(i == 0 ? "" : ",").append(quoted(number ? cells.get(i) : safe(cells.get(i))));
        }
        out.append("\r\n");
        return this;
    }

    /** The CSV so far, UTF-8 with the byte-order mark Excel needs to read Chinese. */
    public String text() {
        return out.toString();
    }

    /** A text cell as a spreadsheet will not run it. */
    static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }

    /** An imported cell with the apostrophe {@link #safe} put before a formula character taken off. */
    public static String unescape(String cell) {
        if (cell != null && cell.length() > 1 && cell.charAt(0) == '\'') {
            char next = cell.charAt(1);
            if (next == '=' || next == '+' || next == '-' || next == '@' || next == '\t' || next == '\r') {
                return cell.substring(1);
            }
        }
        return cell;
    }

    private static String quoted(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}

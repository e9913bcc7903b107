package org.sharpeyes.hub.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks one CSV record of a point import on its own: shape, fields, and the importer's region scope. */
final class Rows {

    private Rows() {
    }

    /** A draft to store, or the reason the row is refused. */
    record Verdict(PointDraft draft, ImportResult.Rejection rejection) {
    }

    static Verdict check(CsvRecordReader.CsvRecord record, PointImporter.Header header, PointDraftParser parser,
            RegionScope scope) {
        if (!record.ok()) {
            return reject(record, null, record.error());
        }
        List<String> fields = record.fields();
        if (fields.size() > header.width()) {
            return reject(record, null, "the row has " + fields.size() + " fields but the header has " + header.width()
                    + " (an unquoted comma inside a value?)");
        }
        Map<String, String> raw = new HashMap<>();
        // A cell a spreadsheet export guarded against formulas comes back without its guard.
        header.columns().forEach((field, index) -> raw.put(field, index < fields.size()
                ? PointCsvWriter.unescape(fields.get(index)) : ""));
        if (scope.refuses(raw.get(PointFields.REGION))) {
            return reject(record, PointFields.REGION, RegionScope.notYours(raw.get(PointFields.REGION).strip()));
        }
        PointDraftParser.Result result = parser.parse(raw);
        if (!result.ok()) {
            List<FieldError> errors = result.errors();
            FieldError first = errors.get(0);
            String more = errors.size() == 1 ? "" : " (and " + (errors.size() - 1) + " more: " + String.join("; ",
                    errors.subList(1, errors.size()).stream().map(e -> e.field() + " " + e.message()).toList()) + ")";
            return reject(record, first.field(), first.message() + more);
        }
        return new Verdict(result.draft(), null);
    }

    private static Verdict reject(CsvRecordReader.CsvRecord record, String field, String message) {
        return new Verdict(null, new ImportResult.Rejection(record.line(), field, message));
    }
}

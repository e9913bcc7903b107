package org.sharpeyes.hub.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sharpeyes.hub.db.StoreException;

/**
 * Imports points from an installer's CSV file: decodes it, reads it by header name, checks every row, reports each
 * bad row by line and field, and stores the good ones as the mode asks.
 */
public final class PointImporter {

    private static final int CHUNK = 5_000;

    private final PointStore store;
    private final RegionDirectory regions;
    private final Counter importedRows;
    private final Counter rejectedRows;

    public PointImporter(PointStore store, RegionDirectory regions, MeterRegistry metrics) {
        this.store = store;
        this.regions = regions;
        this.importedRows = Counter.builder("hub.registry.import.rows").tag("outcome", "imported")
                .description("CSV rows imported as points").register(metrics);
        this.rejectedRows = Counter.builder("hub.registry.import.rows").tag("outcome", "rejected")
                .description("CSV rows refused by an import").register(metrics);
    }

    /** Imports {@code csv}; rows outside {@code scope} are refused. Whole-file problems throw. */
    public ImportResult importCsv(byte[] csv, ImportMode mode, RegionScope scope) {
        TextDecoding.Decoded decoded = TextDecoding.decode(csv);
        CsvRecordReader reader = new CsvRecordReader(decoded.text());
        if (!reader.hasNext()) {
            throw new InvalidInputException(null, "the file is empty: it needs a header row ("
                    + String.join(",", PointFields.ALL) + ") and one row per point");
        }
        Header header = Header.read(reader.next());
        PointDraftParser parser = new PointDraftParser(regions.tree());
        List<ImportResult.Rejection> rejected = new ArrayList<>();
        Map<String, Integer> codeLines = new HashMap<>();
        Map<String, Integer> serialLines = new HashMap<>();
        Map<Integer, PointDraft> accepted = new LinkedHashMap<>();
        int rows = 0;
        while (reader.hasNext()) {
            CsvRecordReader.CsvRecord record = reader.next();
            rows++;
            Rows.Verdict verdict = Rows.check(record, header, parser, scope);
            if (verdict.rejection() != null) {
                rejected.add(verdict.rejection());
                continue;
            }
            PointDraft draft = verdict.draft();
            Integer firstCode = codeLines.putIfAbsent(draft.code(), record.line());
            if (firstCode != null) {
                rejected.add(new ImportResult.Rejection(record.line(), PointFields.CODE,
                        "point code " + draft.code() + " appears twice in the file: first on line " + firstCode));
                continue;
            }
            Integer firstSerial = draft.serial() == null ? null : serialLines.putIfAbsent(draft.serial(), record.line());
            if (firstSerial != null) {
                rejected.add(new ImportResult.Rejection(record.line(), PointFields.SERIAL,
                        "serial " + draft.serial() + " appears twice in the file: first on line " + firstSerial));
                continue;
            }
            accepted.put(record.line(), draft);
        }
        rejectRegistered(accepted, rejected);
        rejected.sort(Comparator.comparingInt(ImportResult.Rejection::line));
        int imported = 0;
        if (mode == ImportMode.PARTIAL || rejected.isEmpty()) {
            imported = store(new ArrayList<>(accepted.entrySet()), mode, rejected);
        }
        importedRows.increment(imported);
        rejectedRows.increment(rejected.size());
        return new ImportResult(imported, List.copyOf(rejected), rows, decoded.encoding(), header.ignored());
    }

    private void rejectRegistered(Map<Integer, PointDraft> accepted, List<ImportResult.Rejection> rejected) {
        Set<String> existing = store.existingCodes(accepted.values().stream().map(PointDraft::code).toList());
        Map<String, String> owners = store.serialOwners(
                accepted.values().stream().map(PointDraft::serial).filter(s -> s != null).toList());
        accepted.entrySet().removeIf(entry -> {
            PointDraft draft = entry.getValue();
            if (existing.contains(draft.code())) {
                rejected.add(new ImportResult.Rejection(entry.getKey(), PointFields.CODE,
                        "point " + draft.code() + " is already registered"));
                return true;
            }
            if (draft.serial() != null && owners.containsKey(draft.serial())) {
                rejected.add(new ImportResult.Rejection(entry.getKey(), PointFields.SERIAL,
                        "serial " + draft.serial() + " is already registered to point " + owners.get(draft.serial())));
                return true;
            }
            return false;
        });
    }

    private int store(List<Map.Entry<Integer, PointDraft>> rows, ImportMode mode,
            List<ImportResult.Rejection> rejected) {
        if (mode == ImportMode.ALL_OR_NOTHING) {
            try {
                store.insertAll(rows.stream().map(Map.Entry::getValue).toList());
                return rows.size();
            } catch (StoreException e) {
                throw new InvalidInputException(null, "nothing was imported: the database refused the file ("
                        + e.getMessage() + "); another import may have registered the same points meanwhile");
            }
        }
        int imported = 0;
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<Map.Entry<Integer, PointDraft>> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            try {
                store.insertAll(chunk.stream().map(Map.Entry::getValue).toList());
                imported += chunk.size();
            } catch (StoreException e) {
                // A concurrent change took some of these codes or serials: find the rows it hit, one by one.
                for (Map.Entry<Integer, PointDraft> row : chunk) {
                    try {
                        store.insertAll(List.of(row.getValue()));
                        imported++;
                    } catch (StoreException single) {
                        rejected.add(new ImportResult.Rejection(row.getKey(), PointFields.CODE,
                                "the database refused the point: " + single.getMessage()));
                    }
                }
                rejected.sort(Comparator.comparingInt(ImportResult.Rejection::line));
            }
        }
        return imported;
    }

    /** Where each known column stands in the file. */
    record Header(Map<String, Integer> columns, List<String> ignored, int width) {

        static Header read(CsvRecordReader.CsvRecord record) {
            if (!record.ok()) {
                throw new InvalidInputException("header", "line " + record.line() + ": " + record.error());
            }
            Map<String, Integer> columns = new LinkedHashMap<>();
            List<String> ignored = new ArrayList<>();
            List<String> names = record.fields();
            for (int i = 0; i < names.size(); i++) {
                String name = i == 0 ? names.get(i).replace("\uFEFF", "") : names.get(i);
                String field = PointFields.canonical(name);
                if (field == null) {
                    if (!name.isBlank()) {
                        ignored.add(name.strip());
                    }
                } else if (columns.putIfAbsent(field, i) != null) {
                    throw new InvalidInputException("header", "line " + record.line() + ": column '" + field
                            + "' appears twice (columns " + (columns.get(field) + 1) + " and " + (i + 1) + ")");
                }
            }
            List<String> missing = PointFields.REQUIRED_COLUMNS.stream().filter(f -> !columns.containsKey(f)).toList();
            if (!missing.isEmpty()) {
                throw new InvalidInputException("header", "line " + record.line() + ": missing column"
                        + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + "; the header must name "
                        + String.join(",", PointFields.REQUIRED_COLUMNS) + " (and optionally "
                        + String.join(",", PointFields.ALL.subList(PointFields.REQUIRED_COLUMNS.size(),
                                PointFields.ALL.size())) + ")");
            }
            return new Header(columns, List.copyOf(ignored), names.size());
        }
    }
}

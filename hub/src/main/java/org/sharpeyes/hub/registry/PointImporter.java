package org.sharpeyes.hub.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Imports points from an installer's CSV file: decodes it, reads it by header name, checks every row, reports each
 * bad row by line and field, and stores the good ones as the mode asks.
 */
public final class PointImporter {

    private static final int CHUNK = 5_000;

    private final PointStore store;
    private final RegionDirectory regions;
    private final ExecutorService writers;
    private final Counter importedRows;
    private final Counter rejectedRows;

    public PointImporter(PointStore store, RegionDirectory regions, ExecutorService writers, MeterRegistry metrics) {
        this.store = store;
        this.regions = regions;
        this.writers = writers;
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
        ImportWriter writer = new ImportWriter(store, mode);
        Future<Void> writing = writers.submit(writer);
        Parsed parsed;
        try {
            parsed = parse(reader, header, scope, writer, writing);
            writing.get();
        } catch (InterruptedException e) {
            writing.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while importing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("the import failed", e.getCause());
        } catch (RuntimeException e) {
            writing.cancel(true);
            throw e;
        }
        List<ImportResult.Rejection> rejected = new ArrayList<>(parsed.rejected());
        rejected.addAll(writer.rejected());
        rejected.sort(Comparator.comparingInt(ImportResult.Rejection::line));
        importedRows.increment(writer.imported());
        rejectedRows.increment(rejected.size());
        return new ImportResult(writer.imported(), List.copyOf(rejected), parsed.rows(), decoded.encoding(),
                header.ignored());
    }

    /** What parsing found: how many rows, and the ones it refused. */
    private record Parsed(int rows, List<ImportResult.Rejection> rejected) {
    }

    private Parsed parse(CsvRecordReader reader, Header header, RegionScope scope, ImportWriter writer,
            Future<Void> writing) throws InterruptedException {
        PointDraftParser parser = new PointDraftParser(regions.tree());
        List<ImportResult.Rejection> rejected = new ArrayList<>();
        Map<String, Integer> codeLines = new HashMap<>();
        Map<String, Integer> serialLines = new HashMap<>();
        List<ImportWriter.Row> chunk = new ArrayList<>(CHUNK);
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
            chunk.add(new ImportWriter.Row(record.line(), draft));
            if (chunk.size() == CHUNK) {
                if (!writer.offer(chunk, writing)) {
                    return new Parsed(rows, rejected);
                }
                chunk = new ArrayList<>(CHUNK);
            }
        }
        if (writer.offer(chunk, writing)) {
            writer.finish(rejected.isEmpty(), writing);
        }
        return new Parsed(rows, rejected);
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

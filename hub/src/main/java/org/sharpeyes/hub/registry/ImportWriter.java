package org.sharpeyes.hub.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.hub.db.StoreException;

/**
 * The storing half of an import, on its own thread so that the database writes one chunk while the next is being
 * parsed. Inserts first and looks up registered codes only when the database refuses, so the common case (all new
 * points) costs one round of writes. Partial mode commits chunk by chunk; all-or-nothing holds one transaction and
 * commits it only when the whole file was good.
 */
final class ImportWriter implements Callable<Void> {

    /** A checked row and the line of the file it starts on. */
    record Row(int line, PointDraft draft) {
    }

    private static final List<Row> END = List.of();

    private final PointStore store;
    private final ImportMode mode;
    private final BlockingQueue<List<Row>> chunks = new ArrayBlockingQueue<>(4);
    private final List<ImportResult.Rejection> rejected = new ArrayList<>();
    private volatile boolean parsedClean;
    private int imported;

    ImportWriter(PointStore store, ImportMode mode) {
        this.store = store;
        this.mode = mode;
    }

    /** Hands over a chunk, waiting while the writer is behind; false when the writer has stopped. */
    boolean offer(List<Row> chunk, Future<?> running) throws InterruptedException {
        while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
            if (running.isDone()) {
                return false;
            }
        }
        return true;
    }

    /** Says the file is read; {@code clean} when parsing refused no row (all-or-nothing commits only then). */
    void finish(boolean clean, Future<?> running) throws InterruptedException {
        parsedClean = clean;
        offer(END, running);
    }

    int imported() {
        return imported;
    }

    List<ImportResult.Rejection> rejected() {
        return rejected;
    }

    @Override
    public Void call() throws InterruptedException {
        if (mode == ImportMode.PARTIAL) {
            for (List<Row> chunk = chunks.take(); chunk != END; chunk = chunks.take()) {
                storeChunk(new ArrayList<>(chunk));
            }
        } else {
            storeAll();
        }
        return null;
    }

    private void storeChunk(List<Row> chunk) {
        if (tryInsert(chunk)) {
            imported += chunk.size();
            return;
        }
        rejectRegistered(chunk);
        if (tryInsert(chunk)) {
            imported += chunk.size();
            return;
        }
        // Another writer took some of these codes or serials meanwhile: find the rows it hit, one by one.
        for (Row row : chunk) {
            try {
                store.insertAll(List.of(row.draft()));
                imported++;
            } catch (StoreException e) {
                rejected.add(new ImportResult.Rejection(row.line(), PointFields.CODE,
                        "the database refused the point: " + e.getMessage()));
            }
        }
    }

    private boolean tryInsert(List<Row> rows) {
        if (rows.isEmpty()) {
            return true;
        }
        try {
            store.insertAll(rows.stream().map(Row::draft).toList());
            return true;
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                return false;
            }
            throw e;
        }
    }

    private void storeAll() throws InterruptedException {
        List<Row> all = new ArrayList<>();
        boolean refused = false;
        try (PointStore.Writer writer = store.writer()) {
            for (List<Row> chunk = chunks.take(); chunk != END; chunk = chunks.take()) {
                all.addAll(chunk);
                if (!refused) {
                    try {
                        writer.insert(chunk.stream().map(Row::draft).toList());
                    } catch (StoreException e) {
                        if (!e.isUniqueViolation()) {
                            throw e;
                        }
                        refused = true;
                        writer.rollback();
                    }
                }
            }
            if (!refused && parsedClean) {
                writer.commit();
                imported = all.size();
                return;
            }
        }
        rejectRegistered(all);
        if (refused && rejected.isEmpty()) {
            throw new InvalidInputException(null, "nothing was imported: the database refused the file, though no "
                    + "row conflicts with a registered point now; another import may have been running: try again");
        }
    }

    /** Moves the rows whose code or serial is already registered from {@code rows} to the rejected ones. */
    private void rejectRegistered(List<Row> rows) {
        Set<String> existing = store.existingCodes(rows.stream().map(r -> r.draft().code()).toList());
        Map<String, String> owners = store.serialOwners(
                rows.stream().map(r -> r.draft().serial()).filter(s -> s != null).toList());
        rows.removeIf(row -> {
            PointDraft draft = row.draft();
            if (existing.contains(draft.code())) {
                rejected.add(new ImportResult.Rejection(row.line(), PointFields.CODE,
                        "point " + draft.code() + " is already registered"));
                return true;
            }
            if (draft.serial() != null && owners.containsKey(draft.serial())) {
                rejected.add(new ImportResult.Rejection(row.line(), PointFields.SERIAL,
                        "serial " + draft.serial() + " is already registered to point " + owners.get(draft.serial())));
                return true;
            }
            return false;
        });
    }
}

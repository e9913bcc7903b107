package org.sharpeyes.hub.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the sparse parts of the embedded H2 file four times a second. H2's background writer would compact by its
 * own fill-rate rule too; it is told not to ({@code AUTO_COMPACT_FILL_RATE=0}, see {@link Database#defaultUrl}), so
 * this is the only compactor, with a budget measured under ingest. Without it, every write leaves the pages it rewrote
 * behind in chunks that stay partly live, and the file grows several times as fast as its data.
 */
public final class H2Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);
    /**
     * Rounds run while less than this share of the file is live, and move the emptiest chunks first: the file may
     * grow to twice its live data. Moving a chunk's live pages costs in proportion to them, so a higher target costs
     * much more per byte won back: with 80 %, under 10,000 events/s on a slow 2-core machine, the rounds never stopped
     * and took 8.6 us of CPU per event; with 50 % they mostly wait.
     */
    static final int TARGET_FILL_PERCENT = 50;
    /**
     * Live bytes moved per round. A round holds the store while it moves them, and commits of events and alarms wait:
     * in one benchmark run each, rounds of 16 MB once a second gave an alarm p99 of 158 ms under load, rounds of 2 MB
     * four times a second 33 ms. Smaller rounds waste more, as each rewrites the tree nodes above the pages it moves.
     * At 8 MB/s the file still grows faster than its data under the ingest benchmark's 20,000-30,000 events/s (3.0 GB
     * after about 4 million events, 47 % live, against 5.5 GB without housekeeping).
     */
    static final int WRITE_LIMIT_BYTES = 2 << 20;
    static final long PERIOD_MILLIS = 250;

    private final MVStore store;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "hub-db-housekeeping");
        t.setDaemon(true);
        return t;
    });

    private H2Housekeeping(MVStore store) {
        this.store = store;
    }

    /** Starts housekeeping when {@code dataSource} is an H2 file database; anything else looks after itself. */
    public static Optional<H2Housekeeping> start(DataSource dataSource) {
        Optional<MVStore> store = fileStore(dataSource);
        store.ifPresent(s -> LOG.debug("H2 file {}: compacting four times a second", s.getFileStore().getFileName()));
        return store.map(s -> {
            H2Housekeeping housekeeping = new H2Housekeeping(s);
            housekeeping.thread.scheduleWithFixedDelay(housekeeping::compactQuietly, PERIOD_MILLIS, PERIOD_MILLIS,
                    TimeUnit.MILLISECONDS);
            return housekeeping;
        });
    }

    /** The MVStore behind an H2 file database, or empty for other databases and in-memory H2. */
    static Optional<MVStore> fileStore(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return H2Files.store(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot reach the database to look after its file", e);
        }
    }

    /** One round: rewrites up to {@link #WRITE_LIMIT_BYTES} of live pages out of sparse chunks, if there are any. */
    void compact() {
        if (!store.isClosed() && store.compact(TARGET_FILL_PERCENT, WRITE_LIMIT_BYTES)) {
            // The moved pages are only marked; written now, here, rather than by the next commit of whoever comes
            // along, an ingest batch or an alarm.
            store.commit();
        }
    }

    private void compactQuietly() {
        try {
            compact();
        } catch (RuntimeException e) {
            // A failed round leaves the file as it was, only larger; the next round tries again.
            LOG.warn("compacting the H2 file failed", e);
        }
    }

    /** Size of the file in bytes, free space included. */
    public long fileBytes() {
        return store.getFileStore().size();
    }

    /** How much of the file's chunks is live data, in percent. */
    public int chunksFillPercent() {
        return store.getFileStore().getChunksFillRate();
    }

    /** Lets a running round finish: interrupting H2 in the middle of a file write would close its file. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

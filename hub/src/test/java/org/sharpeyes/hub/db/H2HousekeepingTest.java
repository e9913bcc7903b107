package org.sharpeyes.hub.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sharpeyes.hub.db.H2Housekeeping.TARGET_FILL_PERCENT;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Severity;
import org.sharpeyes.hub.events.JdbcEventStore;
import org.sharpeyes.hub.events.StoredEvent;
import org.sharpeyes.hub.testing.TestDatabase;

class H2HousekeepingTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.ofHours(8));
    private static final int ROUNDS = 3;
    private static final int BATCHES = 200;
    private static final int BATCH = 100;
    /** Compaction rounds at most between two rounds of inserts, besides those the background runs meanwhile. */
    private static final int MAX_ROUNDS = 200;

    @TempDir
    Path dir;

    @Test
    void keepsTheH2FileFromGrowingWithThePagesEveryCommitRewrites() throws Exception {
        JdbcDataSource bare = new JdbcDataSource();
        bare.setURL(Database.defaultUrl(dir.resolve("bare")));
        Flyway.configure().dataSource(bare).locations("classpath:db/migration").load().migrate();
        try (Connection holdOpen = bare.getConnection();
                Database kept = Database.open("", "", "", dir.resolve("kept"), null)) {
            MVStore bareStore = H2Housekeeping.fileStore(bare).orElseThrow();
            H2Housekeeping housekeeping = kept.housekeeping().orElseThrow();
            MVStore keptStore = H2Housekeeping.fileStore(kept.dataSource()).orElseThrow();
            // H2 keeps a chunk 45 s after its last live page goes; the test does not wait that long.
            bareStore.getFileStore().setRetentionTime(0);
            keptStore.getFileStore().setRetentionTime(0);

            for (int round = 0; round < ROUNDS; round++) {
                insertEvents(bare, round);
                insertEvents(kept.dataSource(), round);
                for (int i = 0; i < MAX_ROUNDS && housekeeping.chunksFillPercent() < TARGET_FILL_PERCENT; i++) {
                    housekeeping.compact();
                }
            }

            long bareBytes = bareStore.getFileStore().size();
            assertThat(housekeeping.fileBytes()).as("the looked-after file against %d bytes left alone", bareBytes)
                    .isLessThan(bareBytes * 6 / 10);
            assertThat(bareStore.getFileStore().getChunksFillRate()).as("live share of the file left alone")
                    .isLessThan(40);
            assertThat(housekeeping.chunksFillPercent()).as("live share of the looked-after file")
                    .isGreaterThanOrEqualTo(TARGET_FILL_PERCENT - 10);
            assertThat(count(kept.dataSource())).isEqualTo(ROUNDS * BATCHES * BATCH);
        }
    }

    @Test
    void compactsByItselfWhileTheDatabaseIsOpen() {
        try (Database db = Database.open("", "", "", dir, null)) {
            H2Housekeeping housekeeping = db.housekeeping().orElseThrow();
            insertEvents(db.dataSource(), 0);
            // Under H2's 45 s retention nothing written yet can be moved; with none, all of it can.
            assertThat(housekeeping.chunksFillPercent()).as("live share right after the inserts")
                    .isLessThan(TARGET_FILL_PERCENT - 10);
            H2Housekeeping.fileStore(db.dataSource()).orElseThrow().getFileStore().setRetentionTime(0);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(housekeeping.chunksFillPercent()).as("live share once the background has run")
                            .isGreaterThanOrEqualTo(TARGET_FILL_PERCENT - 10));
        }
    }

    @Test
    void looksAfterOnlyAnH2File() {
        try (TestDatabase postgres = TestDatabase.open(TestDatabase.Kind.POSTGRES, dir)) {
            assertThat(postgres.database().housekeeping()).isEmpty();
        }
        try (TestDatabase h2 = TestDatabase.open(TestDatabase.Kind.H2, dir)) {
            assertThat(h2.database().housekeeping()).isPresent();
        }
    }

    @Test
    void reportsTheFileSizeAndItsLiveShareAsMetrics() {
        try (TestDatabase h2 = TestDatabase.open(TestDatabase.Kind.H2, dir)) {
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            h2.database().bindTo(metrics);
            H2Housekeeping housekeeping = h2.database().housekeeping().orElseThrow();
            // A background round may write between the readings, so the scrape shows one of the two sizes.
            long before = housekeeping.fileBytes();
            String scrape = metrics.scrape();
            long after = housekeeping.fileBytes();
            assertThat(before).isPositive();
            assertThat(value(scrape, "hub_db_file_bytes")).isIn((double) before, (double) after);
            assertThat(value(scrape, "hub_db_file_live")).isBetween(0.0, 1.0);
        }
    }

    /** Gate passes committed and written out a batch at a time, as the ingest does under a light load. */
    private static void insertEvents(DataSource dataSource, int round) {
        JdbcEventStore store = new JdbcEventStore(dataSource, new ObjectMapper().registerModule(new JavaTimeModule()));
        for (int b = 0; b < BATCHES; b++) {
            List<StoredEvent> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                int n = (round * BATCHES + b) * BATCH + i;
                batch.add(new StoredEvent(UUID.randomUUID().toString(), "pass-" + n, EventType.VEHICLE_PASS,
                        String.format("510122000114100%05d", n % 20), "510122001", "gate.json", NOW, NOW,
                        Severity.INFO, Map.of("plate", "川A" + String.format("%05d", n % 100_000), "direction", "IN"),
                        List.of()));
            }
            store.store(batch, List.of());
            store.writeOut();
        }
    }

    private static double value(String scrape, String metric) {
        return Double.parseDouble(scrape.lines().filter(line -> line.startsWith(metric + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(metric + " is not in the scrape")).substring(metric.length() + 1));
    }

    private static long count(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection();
                var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM device_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

package org.sharpeyes.hub.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The hub's connection pool, its schema brought up to date by Flyway migrations on open. */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Optional<H2Housekeeping> housekeeping;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.housekeeping = H2Housekeeping.start(dataSource);
    }

    /**
     * Opens the database at {@code url} (an H2 file under {@code dataDir} when {@code url} is empty) and migrates it.
     * {@code schema}, when not null, confines everything to that schema, which must exist.
     */
    public static Database open(String url, String username, String password, Path dataDir, String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url == null || url.isBlank() ? defaultUrl(dataDir) : url);
        config.setUsername(username == null ? "" : username);
        config.setPassword(password == null ? "" : password);
        config.setMaximumPoolSize(10);
        config.setPoolName("hub-db");
        if (schema != null) {
            config.setSchema(schema);
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
            if (schema != null) {
                flyway.schemas(schema).createSchemas(false);
            }
            flyway.load().migrate();
            Jdbc.writeOut(dataSource);
            return new Database(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * The embedded default: an H2 file that only this process opens and that closes when the hub closes it. H2 keeps no
     * redo log: a commit is in memory until the store writes it out, after {@code WRITE_DELAY} ms. Every write that
     * must survive a crash is written out before it returns ({@link Jdbc#writeOut}); only event ingest, whose journal
     * can redo it, and device status marks wait, so that one write-out takes many commits (every one-key alarm is a
     * commit of its own) instead of one write-out each. Compaction is left to {@link H2Housekeeping}.
     */
    public static String defaultUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("hub")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=1000;AUTO_COMPACT_FILL_RATE=0";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    Optional<H2Housekeeping> housekeeping() {
        return housekeeping;
    }

    /** The H2 file's size and how much of it is live, when the database is an H2 file. */
    public void bindTo(MeterRegistry metrics) {
        housekeeping.ifPresent(h2 -> {
            Gauge.builder("hub.db.file", h2, H2Housekeeping::fileBytes).baseUnit("bytes")
                    .description("size of the H2 database file").register(metrics);
            Gauge.builder("hub.db.file.live", h2, h -> h.chunksFillPercent() / 100.0)
                    .description("share of the H2 file's chunks that is live data").register(metrics);
        });
    }

    @Override
    public void close() {
        housekeeping.ifPresent(H2Housekeeping::close);
        dataSource.close();
    }
}

package org.sharpeyes.hub.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The hub's connection pool, its schema brought up to date by Flyway migrations on open. */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
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
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource);
    }

    /**
     * The embedded default: an H2 file that only this process opens and that closes when the hub closes it. H2 keeps no
     * redo log and by default writes commits out half a second later; a device event acknowledged to its broker must
     * survive the process being killed, so each commit is written at once ({@code WRITE_DELAY=0}).
     */
    public static String defaultUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("hub") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

package org.sharpeyes.hub.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.sharpeyes.hub.db.Database;

/** A migrated, empty database for one test: an H2 file in a temporary folder, or a fresh PostgreSQL schema. */
public final class TestDatabase implements AutoCloseable {

    /** Which database engine a test runs against. */
    public enum Kind { H2, POSTGRES }

    private final Database database;
    private final String schema;

    private TestDatabase(Database database, String schema) {
        this.database = database;
        this.schema = schema;
    }

    /** Opens one; for PostgreSQL, skips (or under CI fails) when the machine's server is not reachable. */
    public static TestDatabase open(Kind kind, Path tempDir) {
        if (kind == Kind.H2) {
            return new TestDatabase(Database.open("", "", "", tempDir, null), null);
        }
        ExternalServices.assumePostgres();
        String schema = "hub_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        return new TestDatabase(Database.open(ExternalServices.POSTGRES_URL, ExternalServices.POSTGRES_USER, "", tempDir,
                schema), schema);
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
        if (schema != null) {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(ExternalServices.POSTGRES_URL,
                ExternalServices.POSTGRES_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }
}

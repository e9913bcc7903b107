package org.sharpeyes.hub.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sharpeyes.hub.testing.TestDatabase;

class MigrationsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void createTheRegistryTables(TestDatabase.Kind kind) throws SQLException {
        try (TestDatabase db = TestDatabase.open(kind, dir);
                Connection connection = db.database().dataSource().getConnection()) {
            List<String> tables = new ArrayList<>();
            DatabaseMetaData meta = connection.getMetaData();
            try (ResultSet rows = meta.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
            assertThat(tables).contains("region", "point", "operator", "flyway_schema_history");
        }
    }

    @Test
    void reopeningAnH2FileKeepsItsDataAndMigratesNothingTwice() throws SQLException {
        long[] history = new long[1];
        try (Database first = Database.open("", "", "", dir, null)) {
            Jdbc.query(first.dataSource(), "SELECT COUNT(*) FROM \"flyway_schema_history\"", s -> { },
                    r -> history[0] = r.getLong(1));
            Jdbc.update(first.dataSource(), "INSERT INTO region (code, name, kind, created_at) "
                    + "VALUES ('510122', 'x', 'COUNTY', CURRENT_TIMESTAMP)", s -> { });
        }
        try (Database second = Database.open("", "", "", dir, null)) {
            long[] counts = new long[2];
            Jdbc.query(second.dataSource(), "SELECT COUNT(*) FROM region", s -> { }, r -> counts[0] = r.getLong(1));
            Jdbc.query(second.dataSource(), "SELECT COUNT(*) FROM \"flyway_schema_history\"", s -> { },
                    r -> counts[1] = r.getLong(1));
            assertThat(counts[0]).isEqualTo(1);
            assertThat(counts[1]).isEqualTo(history[0]);
        }
    }
}

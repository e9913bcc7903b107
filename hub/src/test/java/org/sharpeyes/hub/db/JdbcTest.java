package org.sharpeyes.hub.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.H2Crash;

/**
 * What survives a crash of the embedded H2, which holds commits in memory for a second: a crash is H2's
 * {@code SHUTDOWN IMMEDIATELY}, which closes the file without writing anything out, as {@code kill -9} would.
 */
class JdbcTest {

    private static final String INSERT = "INSERT INTO region (code, name, kind, created_at) VALUES ('510122', '演示县', "
            + "'COUNTY', CURRENT_TIMESTAMP)";

    @TempDir
    Path dir;

    @Test
    void anUpdateSurvivesACrashRightAfterItReturns() {
        try (Database db = Database.open("", "", "", dir, null)) {
            Jdbc.update(db.dataSource(), INSERT, statement -> { });
            H2Crash.crash(db.dataSource());
        }
        assertThat(regionsAfterRestart()).isEqualTo(1);
    }

    @Test
    void aTransactionSurvivesACrashRightAfterItReturns() {
        try (Database db = Database.open("", "", "", dir, null)) {
            Jdbc.inTransaction(db.dataSource(), connection -> Jdbc.update(connection, INSERT, statement -> { }));
            H2Crash.crash(db.dataSource());
        }
        assertThat(regionsAfterRestart()).isEqualTo(1);
    }

    @Test
    void aBufferedTransactionIsVisibleAtOnceAndSurvivesACrashOnceWrittenOut() {
        try (Database db = Database.open("", "", "", dir, null)) {
            Jdbc.inBufferedTransaction(db.dataSource(), connection -> Jdbc.update(connection, INSERT, statement -> { }));
            assertThat(regions(db.dataSource())).isEqualTo(1);
            Jdbc.writeOut(db.dataSource());
            H2Crash.crash(db.dataSource());
        }
        assertThat(regionsAfterRestart()).isEqualTo(1);
    }

    private long regionsAfterRestart() {
        try (Database db = Database.open("", "", "", dir, null)) {
            return regions(db.dataSource());
        }
    }

    private static long regions(DataSource dataSource) {
        long[] count = new long[1];
        Jdbc.query(dataSource, "SELECT COUNT(*) FROM region", statement -> { }, rows -> count[0] = rows.getLong(1));
        return count[0];
    }
}

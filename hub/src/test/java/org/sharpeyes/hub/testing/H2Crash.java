package org.sharpeyes.hub.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Closes an embedded H2 file as a killed process leaves it: whatever is only in memory is gone. */
public final class H2Crash {

    private H2Crash() {
    }

    /** H2's {@code SHUTDOWN IMMEDIATELY}: closes the file without writing anything out, as {@code kill -9} would. */
    public static void crash(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN IMMEDIATELY");
        } catch (SQLException e) {
            // H2 may report, under the statement, the connection it has just closed.
            if (!"90121".equals(e.getSQLState()) && !"08006".equals(e.getSQLState())) {
                throw new IllegalStateException(e);
            }
        }
    }
}

package org.sharpeyes.hub.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;

/**
 * Small helpers that run plain JDBC and turn {@link SQLException} into {@link StoreException}. A write through them is
 * written out before it returns, so it survives the process being killed, except in a
 * {@link #inBufferedTransaction buffered transaction}.
 */
public final class Jdbc {

    private Jdbc() {
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads the current row of a result. */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** Work done on one connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Binds {@code values} to a statement's parameters in order. */
    public static void bindAll(PreparedStatement statement, java.util.List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
    }

    public static void query(DataSource dataSource, String sql, Binder binder, RowReader reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("query failed", e);
        }
    }

    /** Runs one insert, update or delete and writes it out; returns the number of rows it changed. */
    public static int update(DataSource dataSource, String sql, Binder binder) {
        return update(dataSource, sql, binder, true);
    }

    /**
     * Runs one insert, update or delete that may wait in memory for the next write-out, like a
     * {@link #inBufferedTransaction buffered transaction}: for what the hub can learn again (a device's status).
     */
    public static int updateBuffered(DataSource dataSource, String sql, Binder binder) {
        return update(dataSource, sql, binder, false);
    }

    private static int update(DataSource dataSource, String sql, Binder binder, boolean writeOut) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            int changed = statement.executeUpdate();
            if (writeOut) {
                writeOut(connection);
            }
            return changed;
        } catch (SQLException e) {
            throw new StoreException("update failed", e);
        }
    }

    /** Runs one insert, update or delete on a connection already in a transaction. */
    public static int update(Connection connection, String sql, Binder binder) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        }
    }

    /**
     * Runs {@code work} in one transaction: committed and written out when it returns, rolled back when it throws.
     */
    public static <T> T inTransaction(DataSource dataSource, Work<T> work) {
        return inTransaction(dataSource, work, true);
    }

    /**
     * Runs {@code work} in one transaction that is committed when it returns, visible to every reader at once, but
     * that may wait in memory until the next {@link #writeOut}: a crash before then loses it. For writers that batch
     * their commits and can redo them (event ingest, whose journal keeps what it has not written out yet).
     */
    public static <T> T inBufferedTransaction(DataSource dataSource, Work<T> work) {
        return inTransaction(dataSource, work, false);
    }

    private static <T> T inTransaction(DataSource dataSource, Work<T> work, boolean writeOut) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            if (writeOut) {
                writeOut(connection);
            }
            return result;
        } catch (SQLException e) {
            throw new StoreException("transaction failed", e);
        }
    }

    /** Writes out every commit made so far, buffered ones included: they survive the process being killed. */
    public static void writeOut(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            writeOut(connection);
        } catch (SQLException e) {
            throw new StoreException("writing out commits failed", e);
        }
    }

    /**
     * The embedded H2 keeps no redo log and holds commits in memory until its background writer stores them (see
     * {@link Database#defaultUrl}); this stores them now. Other databases write each commit out before it returns.
     */
    public static void writeOut(Connection connection) throws SQLException {
        Optional<MVStore> store = H2Files.store(connection);
        if (store.isPresent()) {
            store.get().commit();
        }
    }
}

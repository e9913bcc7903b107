package org.sharpeyes.hub.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/** Finds the MVStore behind a connection to an embedded H2 file database. */
final class H2Files {

    private H2Files() {
    }

    /** The store behind {@code connection}, or empty for other databases, in-memory H2 and H2 over TCP. */
    static Optional<MVStore> store(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return Optional.empty();
        }
        JdbcConnection h2 = connection.unwrap(JdbcConnection.class);
        if (!(h2.getSession() instanceof SessionLocal local) || local.getDatabase().getStore() == null) {
            return Optional.empty();
        }
        MVStore store = local.getDatabase().getStore().getMvStore();
        return store.getFileStore() == null || store.getFileStore().getFileName() == null
                || store.getFileStore().getFileName().isEmpty() ? Optional.empty() : Optional.of(store);
    }
}

package org.sharpeyes.hub.db;

import java.sql.SQLException;

/** A database operation failed; {@link #isUniqueViolation()} tells a duplicate key from other failures. */
public final class StoreException extends RuntimeException {

    private final String sqlState;

    public StoreException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
        this.sqlState = rootState(cause);
    }

    private static String rootState(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (next.getSQLState() != null && next.getSQLState().startsWith("23")) {
                return next.getSQLState();
            }
        }
        return e.getSQLState();
    }

    /** Whether a unique or primary key refused the write (SQLSTATE 23505 on H2 and PostgreSQL alike). */
    public boolean isUniqueViolation() {
        return "23505".equals(sqlState);
    }

    /** Whether a foreign key refused the write (SQLSTATE 23503, or H2's 23506 for a missing parent). */
    public boolean isReferenceViolation() {
        return "23503".equals(sqlState) || "23506".equals(sqlState);
    }
}

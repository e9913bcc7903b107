package org.sharpeyes.hub.auth;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.sharpeyes.hub.db.Jdbc;
import org.sharpeyes.hub.db.StoreException;

/** Operators in a relational database. */
public final class JdbcOperatorStore implements OperatorStore {

    private final DataSource dataSource;

    public JdbcOperatorStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<StoredOperator> find(String username) {
        List<StoredOperator> found = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT username, center_code, role, password_hash, failed_logins, locked_until "
                + "FROM operator WHERE username = ?", s -> s.setString(1, username), rows -> {
                    OffsetDateTime locked = rows.getObject(6, OffsetDateTime.class);
                    found.add(new StoredOperator(new Operator(rows.getString(1), rows.getString(2),
                            Role.valueOf(rows.getString(3))), rows.getString(4), rows.getInt(5),
                            locked == null ? null : locked.toInstant()));
                });
        return found.stream().findFirst();
    }

    @Override
    public boolean insert(Operator operator, String passwordHash) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try {
            Jdbc.update(dataSource, "INSERT INTO operator (username, password_hash, center_code, role, created_at, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?)", s -> {
                        s.setString(1, operator.username());
                        s.setString(2, passwordHash);
                        s.setString(3, operator.centerCode());
                        s.setString(4, operator.role().name());
                        s.setObject(5, now);
                        s.setObject(6, now);
                    });
            return true;
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean updatePassword(String username, String passwordHash) {
        return Jdbc.update(dataSource, "UPDATE operator SET password_hash = ?, updated_at = ?, failed_logins = 0, "
                + "locked_until = NULL WHERE username = ?", s -> {
            s.setString(1, passwordHash);
            s.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            s.setString(3, username);
        }) == 1;
    }

    @Override
    public int recordFailedLogin(String username, int limit, Instant lockUntil) {
        return Jdbc.inTransaction(dataSource, connection -> {
            int failures;
            try (PreparedStatement select = connection.prepareStatement("SELECT failed_logins FROM operator WHERE "
                    + "username = ? FOR UPDATE")) {
                select.setString(1, username);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return 0;
                    }
                    failures = rows.getInt(1) + 1;
                }
            }
            boolean lock = failures >= limit;
            try (PreparedStatement update = connection.prepareStatement("UPDATE operator SET failed_logins = ?, "
                    + "locked_until = CASE WHEN ? THEN ? ELSE locked_until END WHERE username = ?")) {
                update.setInt(1, lock ? 0 : failures);
                update.setBoolean(2, lock);
                update.setObject(3, lockUntil.atOffset(ZoneOffset.UTC));
                update.setString(4, username);
                update.executeUpdate();
            }
            return lock ? 0 : failures;
        });
    }

    @Override
    public boolean update(Operator operator) {
        return Jdbc.update(dataSource, "UPDATE operator SET center_code = ?, role = ?, updated_at = ? WHERE username = ?",
                s -> {
                    s.setString(1, operator.centerCode());
                    s.setString(2, operator.role().name());
                    s.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                    s.setString(4, operator.username());
                }) == 1;
    }

    @Override
    public boolean delete(String username) {
        return Jdbc.update(dataSource, "DELETE FROM operator WHERE username = ?", s -> s.setString(1, username)) == 1;
    }

    @Override
    public boolean lock(String username, Instant until) {
        return Jdbc.update(dataSource, "UPDATE operator SET failed_logins = 0, locked_until = ? WHERE username = ?",
                s -> {
                    s.setObject(1, until.atOffset(ZoneOffset.UTC));
                    s.setString(2, username);
                }) == 1;
    }

    @Override
    public void clearFailedLogins(String username) {
        Jdbc.update(dataSource, "UPDATE operator SET failed_logins = 0, locked_until = NULL WHERE username = ? AND "
                + "(failed_logins <> 0 OR locked_until IS NOT NULL)", s -> s.setString(1, username));
    }

    @Override
    public List<Operator> list(String centerPrefix) {
        List<Operator> operators = new ArrayList<>();
        String sql = "SELECT username, center_code, role FROM operator"
                + (centerPrefix == null ? "" : " WHERE center_code LIKE ?") + " ORDER BY username";
        Jdbc.query(dataSource, sql, s -> {
            if (centerPrefix != null) {
                s.setString(1, centerPrefix + "%");
            }
        }, rows -> operators.add(new Operator(rows.getString(1), rows.getString(2), Role.valueOf(rows.getString(3)))));
        return operators;
    }
}

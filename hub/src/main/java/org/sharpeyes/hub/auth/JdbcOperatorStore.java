package org.sharpeyes.hub.auth;

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
        Jdbc.query(dataSource, "SELECT username, center_code, role, password_hash FROM operator WHERE username = ?",
                s -> s.setString(1, username), rows -> found.add(new StoredOperator(
                        new Operator(rows.getString(1), rows.getString(2), Role.valueOf(rows.getString(3))),
                        rows.getString(4))));
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
        return Jdbc.update(dataSource, "UPDATE operator SET password_hash = ?, updated_at = ? WHERE username = ?", s -> {
            s.setString(1, passwordHash);
            s.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            s.setString(3, username);
        }) == 1;
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

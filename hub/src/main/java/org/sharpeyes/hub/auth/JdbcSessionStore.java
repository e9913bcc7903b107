package org.sharpeyes.hub.auth;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.sharpeyes.hub.db.Jdbc;

/** Logins in the relational database, so that a restart (an upgrade) does not throw operators off their walls. */
public final class JdbcSessionStore implements SessionStore {

    private final DataSource dataSource;

    public JdbcSessionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void save(Kept session) {
        Jdbc.update(dataSource, "INSERT INTO login_session (id, username, expires_at) VALUES (?, ?, ?)", s -> {
            s.setString(1, session.id());
            s.setString(2, session.username());
            s.setObject(3, session.expiresAt().atOffset(ZoneOffset.UTC));
        });
    }

    @Override
    public void delete(String id) {
        Jdbc.update(dataSource, "DELETE FROM login_session WHERE id = ?", s -> s.setString(1, id));
    }

    @Override
    public void deleteExpired(Instant now) {
        Jdbc.update(dataSource, "DELETE FROM login_session WHERE expires_at <= ?",
                s -> s.setObject(1, now.atOffset(ZoneOffset.UTC)));
    }

    @Override
    public List<Kept> live(Instant now) {
        List<Kept> live = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT id, username, expires_at FROM login_session WHERE expires_at > ?",
                s -> s.setObject(1, now.atOffset(ZoneOffset.UTC)), rows -> live.add(new Kept(rows.getString(1),
                        rows.getString(2), rows.getObject(3, java.time.OffsetDateTime.class).toInstant())));
        return live;
    }
}

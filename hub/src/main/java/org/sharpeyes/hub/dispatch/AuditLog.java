package org.sharpeyes.hub.dispatch;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.db.Jdbc;
import org.sharpeyes.hub.registry.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The append-only audit log: entries are inserted and read, never changed. */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger("audit");

    private final DataSource dataSource;

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records what {@code actor} (null: the hub itself) did to {@code target}, which lies in {@code regionCode}. */
    public void record(Operator actor, AuditAction action, String target, String regionCode, String detail) {
        record(actor == null ? null : actor.username(), actor == null ? null : actor.centerCode(), action, target,
                regionCode, detail);
    }

    /** Records an action by a username that may not be a logged-in operator (a failed login). */
    public void record(String username, String centerCode, AuditAction action, String target, String regionCode,
            String detail) {
        Jdbc.inTransaction(dataSource, connection -> {
            record(connection, username, centerCode, action, target, regionCode, detail);
            return null;
        });
    }

    /** Records an entry as part of the caller's transaction, so that it stands or falls with what it describes. */
    public void record(java.sql.Connection connection, String username, String centerCode, AuditAction action,
            String target, String regionCode, String detail) throws java.sql.SQLException {
        // The hub's own actions (an alarm raised by a device, an escalation) have no operator and no center.
        LOG.info("{} {} {} {} {}", username == null ? "(hub)" : username, centerCode == null ? "-" : centerCode,
                action, target, detail);
        Jdbc.update(connection, "INSERT INTO audit_log (at, username, center_code, action, target, region_code, "
                + "detail) VALUES (?, ?, ?, ?, ?, ?, ?)", s -> {
                    s.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                    s.setString(2, cut(username, 64));
                    s.setString(3, centerCode);
                    s.setString(4, action.name());
                    s.setString(5, cut(target, 128));
                    s.setString(6, regionCode);
                    s.setString(7, cut(detail, 1024));
                });
    }

    /**
     * Entries newest first: with a {@code prefix}, those by a center in that subtree or about something in it;
     * optionally since a time and of one action.
     */
    public Page<AuditEntry> search(String prefix, OffsetDateTime since, AuditAction action, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        if (prefix != null) {
            where.append(" AND (center_code LIKE ? OR region_code LIKE ?)");
            values.add(prefix + "%");
            values.add(prefix + "%");
        }
        if (since != null) {
            where.append(" AND at >= ?");
            values.add(since);
        }
        if (action != null) {
            where.append(" AND action = ?");
            values.add(action.name());
        }
        long[] total = new long[1];
        Jdbc.query(dataSource, "SELECT COUNT(*) FROM audit_log" + where, s -> Jdbc.bindAll(s, values), rows -> total[0] =
                rows.getLong(1));
        List<Object> paged = new ArrayList<>(values);
        paged.add(size);
        paged.add((long) (page - 1) * size);
        List<AuditEntry> items = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT id, at, username, center_code, action, target, region_code, detail FROM "
                + "audit_log" + where + " ORDER BY id DESC LIMIT ? OFFSET ?", s -> Jdbc.bindAll(s, paged), rows -> items.add(
                        new AuditEntry(rows.getLong(1), rows.getObject(2, OffsetDateTime.class), rows.getString(3),
                                rows.getString(4), AuditAction.valueOf(rows.getString(5)), rows.getString(6),
                                rows.getString(7), rows.getString(8))));
        return new Page<>(items, total[0], page, size);
    }


    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}

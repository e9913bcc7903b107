package org.sharpeyes.hub.dispatch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.sharpeyes.hub.db.Jdbc;
import org.sharpeyes.hub.registry.Page;

/** Alarms and their notes in the database, so that their state survives a restart. */
final class AlarmStore {

    private static final String COLUMNS = "id, event_id, kind, point_code, region_code, severity, state, drill, "
            + "cancelled, centers, linked_points, snapshot, detail, raised_at, escalated_at, acked_by, acked_center, "
            + "acked_at, closed_by, closed_at, repeats";

    private final DataSource dataSource;

    AlarmStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(Connection connection, Alarm alarm) throws SQLException {
        Jdbc.update(connection, "INSERT INTO alarm (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?, ?, ?)", s -> {
                    s.setString(1, alarm.id());
                    s.setString(2, alarm.eventId());
                    s.setString(3, alarm.kind());
                    s.setString(4, alarm.pointCode());
                    s.setString(5, alarm.regionCode());
                    s.setString(6, alarm.severity());
                    bindMutable(s, alarm, 7);
                    s.setString(11, alarm.linkedPoints().isEmpty() ? null : String.join(",", alarm.linkedPoints()));
                    s.setString(12, alarm.snapshot());
                    s.setString(13, cut(alarm.detail(), 1024));
                    s.setObject(14, alarm.raisedAt());
                    s.setObject(15, alarm.escalatedAt());
                    s.setString(16, alarm.ackedBy());
                    s.setString(17, alarm.ackedCenter());
                    s.setObject(18, alarm.ackedAt());
                    s.setString(19, alarm.closedBy());
                    s.setObject(20, alarm.closedAt());
                    s.setInt(21, alarm.repeats());
                });
    }

    /** Counts one more alarm of the same point while this one is open. */
    /** Adds repeats to alarms (id → how many more), in one transaction. */
    void repeated(Map<String, Integer> counts) {
        inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE alarm SET repeats = repeats + ? WHERE id = ?")) {
                for (Map.Entry<String, Integer> count : counts.entrySet()) {
                    update.setInt(1, count.getValue());
                    update.setString(2, count.getKey());
                    update.addBatch();
                }
                update.executeBatch();
            }
        });
    }

    private static void bindMutable(java.sql.PreparedStatement s, Alarm alarm, int from) throws SQLException {
        s.setString(from, alarm.state().name());
        s.setBoolean(from + 1, alarm.drill());
        s.setBoolean(from + 2, alarm.cancelled());
        s.setString(from + 3, "," + String.join(",", alarm.centers()) + ",");
    }

    void update(Connection connection, Alarm alarm) throws SQLException {
        Jdbc.update(connection, "UPDATE alarm SET state = ?, drill = ?, cancelled = ?, centers = ?, escalated_at = ?, "
                + "acked_by = ?, acked_center = ?, acked_at = ?, closed_by = ?, closed_at = ? WHERE id = ?", s -> {
                    bindMutable(s, alarm, 1);
                    s.setObject(5, alarm.escalatedAt());
                    s.setString(6, alarm.ackedBy());
                    s.setString(7, alarm.ackedCenter());
                    s.setObject(8, alarm.ackedAt());
                    s.setString(9, alarm.closedBy());
                    s.setObject(10, alarm.closedAt());
                    s.setString(11, alarm.id());
                });
    }

    void note(Connection connection, String alarmId, AlarmNote note) throws SQLException {
        Jdbc.update(connection, "INSERT INTO alarm_note (alarm_id, at, username, center_code, action, text) VALUES "
                + "(?, ?, ?, ?, ?, ?)", s -> {
                    s.setString(1, alarmId);
                    s.setObject(2, note.at());
                    s.setString(3, note.username());
                    s.setString(4, note.centerCode());
                    s.setString(5, note.action());
                    s.setString(6, cut(note.text(), 1024));
                });
    }

    List<AlarmNote> notes(String alarmId) {
        List<AlarmNote> notes = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT at, username, center_code, action, text FROM alarm_note WHERE alarm_id = ? "
                + "ORDER BY id", s -> s.setString(1, alarmId), rows -> notes.add(new AlarmNote(rows.getObject(1,
                        OffsetDateTime.class), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5))));
        return notes;
    }

    Optional<Alarm> find(String id) {
        List<Alarm> found = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT " + COLUMNS + " FROM alarm WHERE id = ?", s -> s.setString(1, id),
                rows -> found.add(read(rows)));
        return found.stream().findFirst();
    }

    /** Alarms not closed yet, oldest first: what the escalation watch needs after a restart. */
    List<Alarm> unclosed() {
        List<Alarm> found = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT " + COLUMNS + " FROM alarm WHERE state <> 'CLOSED' ORDER BY raised_at",
                s -> { }, rows -> found.add(read(rows)));
        return found;
    }

    /** Runs several of the writes above as one transaction: one commit, which matters when commits queue up. */
    void inTransaction(Work work) {
        Jdbc.inTransaction(dataSource, connection -> {
            work.run(connection);
            return null;
        });
    }

    /** Writes on one connection. */
    @FunctionalInterface
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    /** The point's alarms not closed yet. */
    List<Alarm> unclosedAt(String pointCode) {
        List<Alarm> found = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT " + COLUMNS + " FROM alarm WHERE point_code = ? AND state <> 'CLOSED'",
                s -> s.setString(1, pointCode), rows -> found.add(read(rows)));
        return found;
    }

    /**
     * Alarms newest first: raised at {@code center} (null: any), or within region subtree {@code regionPrefix}
     * (null: any), in {@code state} (null: any).
     */
    Page<Alarm> search(String center, String regionPrefix, AlarmState state, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        if (center != null) {
            where.append(" AND centers LIKE ?");
            values.add("%," + center + ",%");
        }
        if (regionPrefix != null) {
            where.append(" AND region_code LIKE ?");
            values.add(regionPrefix + "%");
        }
        if (state != null) {
            where.append(" AND state = ?");
            values.add(state.name());
        }
        long[] total = new long[1];
        Jdbc.query(dataSource, "SELECT COUNT(*) FROM alarm" + where, s -> Jdbc.bindAll(s, values), rows -> total[0] =
                rows.getLong(1));
        List<Object> paged = new ArrayList<>(values);
        paged.add(size);
        paged.add((long) (page - 1) * size);
        List<Alarm> items = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT " + COLUMNS + " FROM alarm" + where + " ORDER BY raised_at DESC, id LIMIT ? "
                + "OFFSET ?", s -> Jdbc.bindAll(s, paged), rows -> items.add(read(rows)));
        return new Page<>(items, total[0], page, size);
    }

    private static Alarm read(ResultSet rows) throws SQLException {
        String linked = rows.getString("linked_points");
        return new Alarm(rows.getString("id"), rows.getString("event_id"), rows.getString("kind"),
                rows.getString("point_code"), rows.getString("region_code"), rows.getString("severity"),
                AlarmState.valueOf(rows.getString("state")), rows.getBoolean("drill"), rows.getBoolean("cancelled"),
                Arrays.stream(rows.getString("centers").split(",")).filter(c -> !c.isEmpty()).toList(),
                linked == null ? List.of() : Arrays.asList(linked.split(",")), rows.getString("snapshot"),
                rows.getString("detail"), rows.getObject("raised_at", OffsetDateTime.class),
                rows.getObject("escalated_at", OffsetDateTime.class), rows.getString("acked_by"),
                rows.getString("acked_center"), rows.getObject("acked_at", OffsetDateTime.class),
                rows.getString("closed_by"), rows.getObject("closed_at", OffsetDateTime.class), rows.getInt("repeats"));
    }

    List<String> links(String alarmPoint) {
        List<String> cameras = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT camera_point FROM alarm_link WHERE alarm_point = ? ORDER BY camera_point",
                s -> s.setString(1, alarmPoint), rows -> cameras.add(rows.getString(1)));
        return cameras;
    }

    void setLinks(String alarmPoint, List<String> cameras) {
        Jdbc.inTransaction(dataSource, connection -> {
            try (var delete = connection.prepareStatement("DELETE FROM alarm_link WHERE alarm_point = ?")) {
                delete.setString(1, alarmPoint);
                delete.executeUpdate();
            }
            try (var insert = connection.prepareStatement("INSERT INTO alarm_link (alarm_point, camera_point) "
                    + "VALUES (?, ?)")) {
                for (String camera : cameras) {
                    insert.setString(1, alarmPoint);
                    insert.setString(2, camera);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }


    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}

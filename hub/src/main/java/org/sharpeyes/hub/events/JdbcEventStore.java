package org.sharpeyes.hub.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Severity;
import org.sharpeyes.hub.db.Jdbc;
import org.sharpeyes.hub.registry.Page;

/** Events and dead letters in the hub's database, de-duplicated by point and device event id. */
public final class JdbcEventStore implements EventStore {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final String COLUMNS = "id, device_event_id, point_code, region_code, type, severity, dialect, "
            + "occurred_at, received_at, attributes, image_refs, plate";

    /** Beyond this many points the remembered dialects are forgotten and written again as devices report. */
    private static final int REMEMBERED_DIALECTS = 200_000;

    private final DataSource dataSource;
    private final ObjectMapper json;
    /** Each point's command dialect as {@code point_dialect} holds it, so that only a change is written. */
    private final Map<String, String> writtenDialects = new ConcurrentHashMap<>();

    public JdbcEventStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public List<StoredEvent> store(List<StoredEvent> events, List<DeadLetter> deadLetters) {
        Map<String, String> changedDialects = new HashMap<>();
        List<StoredEvent> stored = Jdbc.inBufferedTransaction(dataSource, connection -> {
            List<StoredEvent> fresh = eachOnce(events);
            if (!fresh.isEmpty()) {
                // Redeliveries are rare, so the batch is inserted as it is and the unique index catches a repeat;
                // only then is each event looked up, after rolling back to before the insert.
                Savepoint beforeInsert = connection.setSavepoint();
                try {
                    insertEvents(connection, fresh);
                } catch (SQLException e) {
                    if (!isUniqueViolation(e)) {
                        throw e;
                    }
                    connection.rollback(beforeInsert);
                    fresh = notStoredYet(connection, fresh);
                    insertEvents(connection, fresh);
                }
            }
            if (!deadLetters.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dead_letter (id, topic, "
                        + "dialect, reason, field, detail, payload, payload_bytes, received_at) VALUES "
                        + "(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (DeadLetter letter : deadLetters) {
                        insert.setString(1, letter.id());
                        insert.setString(2, cut(letter.topic(), 512));
                        insert.setString(3, letter.dialect());
                        insert.setString(4, letter.reason().name());
                        insert.setString(5, cut(letter.field(), 256));
                        insert.setString(6, cut(letter.detail(), 1024));
                        insert.setBytes(7, letter.payload());
                        insert.setInt(8, letter.payloadBytes());
                        insert.setObject(9, letter.receivedAt());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            changedDialects.putAll(writeDialects(connection, fresh));
            return fresh;
        });
        if (writtenDialects.size() + changedDialects.size() > REMEMBERED_DIALECTS) {
            writtenDialects.clear();
        }
        writtenDialects.putAll(changedDialects);
        return stored;
    }

    /**
     * Writes the command dialect of each point whose latest event in one in the batch speaks another than it last
     * did; events in dialects without commands leave it as it was.
     */
    private Map<String, String> writeDialects(Connection connection, List<StoredEvent> fresh) throws SQLException {
        Map<String, StoredEvent> latest = new LinkedHashMap<>();
        for (StoredEvent event : fresh) {
            if (GateControl.COMMAND_TOPICS.containsKey(event.dialect())) {
                latest.put(event.pointCode(), event);
            }
        }
        latest.values().removeIf(event -> event.dialect().equals(writtenDialects.get(event.pointCode())));
        if (latest.isEmpty()) {
            return Map.of();
        }
        List<StoredEvent> changed = new ArrayList<>(latest.values());
        List<StoredEvent> absent = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("UPDATE point_dialect SET dialect = ?, "
                + "seen_at = ? WHERE point_code = ?")) {
            for (StoredEvent event : changed) {
                update.setString(1, event.dialect());
                update.setObject(2, event.receivedAt());
                update.setString(3, event.pointCode());
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    absent.add(changed.get(i));
                }
            }
        }
        if (!absent.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO point_dialect (point_code, "
                    + "dialect, seen_at) VALUES (?, ?, ?)")) {
                for (StoredEvent event : absent) {
                    insert.setString(1, event.pointCode());
                    insert.setString(2, event.dialect());
                    insert.setObject(3, event.receivedAt());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        Map<String, String> written = new HashMap<>();
        changed.forEach(event -> written.put(event.pointCode(), event.dialect()));
        return written;
    }

    @Override
    public void writeOut() {
        Jdbc.writeOut(dataSource);
    }

    private void insertEvents(Connection connection, List<StoredEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device_event (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (StoredEvent event : events) {
                bind(insert, event);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** SQLSTATE 23505, as H2 and PostgreSQL both report it, possibly wrapped in a batch failure. */
    private static boolean isUniqueViolation(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                if ("23505".equals(sql.getSQLState())) {
                    return true;
                }
                SQLException next = sql.getNextException();
                if (next != null && next != sql && "23505".equals(next.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Each (point, device event id) once: a batch may hold a message and its redelivery. */
    private static List<StoredEvent> eachOnce(List<StoredEvent> events) {
        Set<String> seen = new HashSet<>();
        List<StoredEvent> once = new ArrayList<>(events.size());
        for (StoredEvent event : events) {
            if (seen.add(event.pointCode() + "\u0000" + cut(event.deviceEventId(), 128))) {
                once.add(event);
            }
        }
        return once;
    }

    /** The events whose (point, device event id) is not in the table yet. */
    private List<StoredEvent> notStoredYet(Connection connection, List<StoredEvent> events) throws SQLException {
        List<StoredEvent> fresh = new ArrayList<>(events.size());
        // One indexed look-up per event: the (point, device event id) unique index answers each in microseconds,
        // however large the table; an IN list would be filtered row by row.
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM device_event WHERE point_code = ? "
                + "AND device_event_id = ?")) {
            for (StoredEvent event : events) {
                select.setString(1, event.pointCode());
                select.setString(2, cut(event.deviceEventId(), 128));
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        fresh.add(event);
                    }
                }
            }
        }
        return fresh;
    }

    private void bind(PreparedStatement insert, StoredEvent event) throws SQLException {
        insert.setString(1, event.id());
        insert.setString(2, cut(event.deviceEventId(), 128));
        insert.setString(3, event.pointCode());
        insert.setString(4, event.regionCode());
        insert.setString(5, event.type().name());
        insert.setString(6, event.severity().name());
        insert.setString(7, event.dialect());
        insert.setObject(8, event.occurredAt());
        insert.setObject(9, event.receivedAt());
        insert.setString(10, attributes(event.attributes()));
        insert.setString(11, event.imageRefs().isEmpty() ? null : String.join(",", event.imageRefs()));
        insert.setString(12, plate(event.attributes()));
    }

    private static String plate(Map<String, Object> attributes) {
        Object plate = attributes.get("plate");
        return plate instanceof String text && !text.isBlank() ? cut(text.strip().toUpperCase(java.util.Locale.ROOT),
                16) : null;
    }

    private String attributes(Map<String, Object> attributes) {
        try {
            String text = json.writeValueAsString(attributes);
            if (text.length() <= 16_384) {
                return text;
            }
            // Device extras are what gives way when a payload is larger than a row should be.
            Map<String, Object> trimmed = new java.util.LinkedHashMap<>(attributes);
            trimmed.remove("raw");
            return cut(json.writeValueAsString(trimmed), 16_384);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event attributes cannot be written as JSON", e);
        }
    }

    @Override
    public Page<StoredEvent> search(EventQuery query) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        if (query.regionPrefix() != null) {
            where.append(" AND region_code LIKE ?");
            values.add(query.regionPrefix() + "%");
        }
        if (query.type() != null) {
            where.append(" AND type = ?");
            values.add(query.type().name());
        }
        if (query.pointCode() != null) {
            where.append(" AND point_code = ?");
            values.add(query.pointCode());
        }
        if (query.plate() != null) {
            // Operators search with the part of a plate they read off a picture, in either case.
            where.append(" AND plate LIKE ?");
            values.add("%" + query.plate().strip().toUpperCase(java.util.Locale.ROOT).replace("%", "").replace("_", "")
                    + "%");
        }
        if (query.since() != null) {
            where.append(" AND received_at >= ?");
            values.add(query.since());
        }
        if (query.until() != null) {
            where.append(" AND received_at < ?");
            values.add(query.until());
        }
        long[] total = new long[1];
        Jdbc.query(dataSource, "SELECT COUNT(*) FROM device_event" + where, statement -> Jdbc.bindAll(statement, values),
                rows -> total[0] = rows.getLong(1));
        List<StoredEvent> items = new ArrayList<>();
        List<Object> paged = new ArrayList<>(values);
        paged.add(query.size());
        paged.add((long) (query.page() - 1) * query.size());
        Jdbc.query(dataSource, "SELECT " + COLUMNS + " FROM device_event" + where
                + " ORDER BY received_at DESC, id LIMIT ? OFFSET ?", statement -> Jdbc.bindAll(statement, paged),
                rows -> items.add(read(rows)));
        return new Page<>(items, total[0], query.page(), query.size());
    }

    @Override
    public java.util.Optional<StoredEvent> find(String id) {
        List<StoredEvent> found = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT " + COLUMNS + " FROM device_event WHERE id = ?",
                statement -> statement.setString(1, id), rows -> found.add(read(rows)));
        return found.stream().findFirst();
    }

    @Override
    public List<Long> perHour(String regionPrefix, OffsetDateTime from, int hours) {
        // One indexed count per hour: portable between H2 and PostgreSQL, which truncate times differently.
        List<Long> counts = new ArrayList<>(hours);
        String sql = "SELECT COUNT(*) FROM device_event WHERE received_at >= ? AND received_at < ?"
                + (regionPrefix == null ? "" : " AND region_code LIKE ?");
        for (int hour = 0; hour < hours; hour++) {
            OffsetDateTime start = from.plusHours(hour);
            long[] count = new long[1];
            Jdbc.query(dataSource, sql, statement -> {
                statement.setObject(1, start);
                statement.setObject(2, start.plusHours(1));
                if (regionPrefix != null) {
                    statement.setString(3, regionPrefix + "%");
                }
            }, rows -> count[0] = rows.getLong(1));
            counts.add(count[0]);
        }
        return counts;
    }

    private StoredEvent read(ResultSet rows) throws SQLException {
        Map<String, Object> attributes;
        try {
            attributes = json.readValue(rows.getString("attributes"), MAP);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored attributes of event " + rows.getString("id") + " are not JSON", e);
        }
        String refs = rows.getString("image_refs");
        return new StoredEvent(rows.getString("id"), rows.getString("device_event_id"),
                EventType.valueOf(rows.getString("type")), rows.getString("point_code"),
                rows.getString("region_code"), rows.getString("dialect"),
                rows.getObject("occurred_at", OffsetDateTime.class), rows.getObject("received_at",
                OffsetDateTime.class), Severity.valueOf(rows.getString("severity")), attributes,
                refs == null ? List.of() : Arrays.asList(refs.split(",")));
    }

    @Override
    public Page<DeadLetter> deadLetters(int page, int size) {
        long[] total = new long[1];
        Jdbc.query(dataSource, "SELECT COUNT(*) FROM dead_letter", statement -> { }, rows -> total[0] =
                rows.getLong(1));
        List<DeadLetter> items = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT id, topic, dialect, reason, field, detail, payload, payload_bytes, received_at "
                + "FROM dead_letter ORDER BY received_at DESC, id LIMIT ? OFFSET ?", statement -> {
                    statement.setInt(1, size);
                    statement.setLong(2, (long) (page - 1) * size);
                }, rows -> items.add(new DeadLetter(rows.getString(1), rows.getString(2), rows.getString(3),
                        DeadLetterReason.valueOf(rows.getString(4)), rows.getString(5), rows.getString(6),
                        rows.getBytes(7), rows.getInt(8), rows.getObject(9, OffsetDateTime.class))));
        return new Page<>(items, total[0], page, size);
    }

    @Override
    public long count() {
        long[] total = new long[1];
        Jdbc.query(dataSource, "SELECT COUNT(*) FROM device_event", statement -> { }, rows -> total[0] =
                rows.getLong(1));
        return total[0];
    }

    @Override
    public java.util.Optional<String> lastDialect(String pointCode) {
        String[] dialect = new String[1];
        Jdbc.query(dataSource, "SELECT dialect FROM point_dialect WHERE point_code = ?",
                statement -> statement.setString(1, pointCode), rows -> dialect[0] = rows.getString(1));
        if (dialect[0] == null) {
            // Events stored before point_dialect existed: their device has not spoken since.
            Jdbc.query(dataSource, "SELECT dialect FROM device_event WHERE point_code = ? AND dialect IN ("
                    + String.join(", ", java.util.Collections.nCopies(GateControl.COMMAND_TOPICS.size(), "?"))
                    + ") ORDER BY received_at DESC LIMIT 1", statement -> {
                        statement.setString(1, pointCode);
                        int index = 2;
                        for (String commandDialect : GateControl.COMMAND_TOPICS.keySet()) {
                            statement.setString(index++, commandDialect);
                        }
                    }, rows -> dialect[0] = rows.getString(1));
        }
        return java.util.Optional.ofNullable(dialect[0]);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}

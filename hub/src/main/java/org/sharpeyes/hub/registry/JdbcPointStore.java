package org.sharpeyes.hub.registry;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.sharpeyes.hub.db.Jdbc;
import org.sharpeyes.hub.db.StoreException;

/** Points in a relational database (H2 or PostgreSQL), credentials encrypted with a {@link CredentialCipher}. */
public final class JdbcPointStore implements PointStore {

    /** The points a status sweep probes: those with video and a stream or ONVIF address. */
    private static final String VIDEO_TYPES = String.join(", ", java.util.Arrays.stream(PointType.values())
            .filter(PointType::hasVideo).map(t -> "'" + t.name() + "'").toList());
    private static final String PROBE_TARGET = "(stream_url IS NOT NULL OR onvif_url IS NOT NULL) AND type IN ("
            + VIDEO_TYPES + ")";

    private static final int BATCH = 1_000;
    private static final String COLUMNS = "code, name, type, region_code, source, lat, lon, stream_url, onvif_url, "
            + "vendor, installed_at, serial, status, last_seen, created_at, updated_at, "
            + "CASE WHEN username_enc IS NULL AND password_enc IS NULL THEN FALSE ELSE TRUE END AS has_credentials";

    private final DataSource dataSource;
    private final CredentialCipher cipher;

    public JdbcPointStore(DataSource dataSource, CredentialCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    @Override
    public void insertAll(List<PointDraft> drafts) {
        try (Writer writer = writer()) {
            writer.insert(drafts);
            writer.commit();
        }
    }

    @Override
    public Writer writer() {
        try {
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            return new JdbcWriter(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot open a transaction", e);
        }
    }

    /** Inserts through one connection held in one transaction. */
    private final class JdbcWriter implements Writer {
        private static final String INSERT = "INSERT INTO point (code, name, type, region_code, source, lat, lon, "
                + "stream_url, onvif_url, username_enc, password_enc, vendor, installed_at, serial, status, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

        private final Connection connection;
        private boolean open = true;

        JdbcWriter(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void insert(List<PointDraft> drafts) {
            OffsetDateTime now = now();
            try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                int pending = 0;
                for (PointDraft draft : drafts) {
                    int i = bindEditable(statement, draft, 1);
                    statement.setString(i++, PointStatus.UNKNOWN.name());
                    statement.setObject(i++, now);
                    statement.setObject(i, now);
                    statement.addBatch();
                    if (++pending == BATCH) {
                        statement.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    statement.executeBatch();
                }
            } catch (SQLException e) {
                throw new StoreException("insert failed", e);
            }
        }

        @Override
        public void commit() {
            try {
                connection.commit();
                Jdbc.writeOut(connection);
            } catch (SQLException e) {
                throw new StoreException("commit failed", e);
            }
        }

        @Override
        public void rollback() {
            try {
                connection.rollback();
            } catch (SQLException e) {
                throw new StoreException("rollback failed", e);
            }
        }

        @Override
        public void close() {
            if (!open) {
                return;
            }
            open = false;
            try (connection) {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                throw new StoreException("closing a transaction failed", e);
            }
        }
    }

    /** Binds the fields an installer edits, in insert order from {@code first}; returns the next index. */
    private int bindEditable(PreparedStatement statement, PointDraft draft, int first) throws SQLException {
        int i = first;
        statement.setString(i++, draft.code());
        statement.setString(i++, draft.name());
        statement.setString(i++, draft.type().name());
        statement.setString(i++, draft.regionCode());
        statement.setString(i++, draft.source().name());
        setDouble(statement, i++, draft.lat());
        setDouble(statement, i++, draft.lon());
        statement.setString(i++, emptyToNull(draft.streamUrl()));
        statement.setString(i++, emptyToNull(draft.onvifUrl()));
        statement.setString(i++, emptyToNull(cipher.encrypt(draft.username())));
        statement.setString(i++, emptyToNull(cipher.encrypt(draft.password())));
        statement.setString(i++, emptyToNull(draft.vendor()));
        statement.setDate(i++, draft.installedAt() == null ? null : Date.valueOf(draft.installedAt()));
        statement.setString(i++, emptyToNull(draft.serial()));
        return i;
    }

    @Override
    public Set<String> existingCodes(Collection<String> codes) {
        return new HashSet<>(lookupIn("SELECT code, code FROM point WHERE code IN ", codes).keySet());
    }

    @Override
    public Map<String, String> serialOwners(Collection<String> serials) {
        return lookupIn("SELECT serial, code FROM point WHERE serial IN ", serials);
    }

    @Override
    public Map<String, String> onvifOwners(Collection<String> onvifUrls) {
        return lookupIn("SELECT onvif_url, code FROM point WHERE onvif_url IN ", onvifUrls);
    }

    private Map<String, String> lookupIn(String sqlPrefix, Collection<String> keys) {
        List<String> all = new ArrayList<>(keys);
        Map<String, String> found = new HashMap<>();
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
            String sql = sqlPrefix + "(" + "?,".repeat(chunk.size() - 1) + "?)";
            Jdbc.query(dataSource, sql, statement -> {
                for (int i = 0; i < chunk.size(); i++) {
                    statement.setString(i + 1, chunk.get(i));
                }
            }, rows -> found.put(rows.getString(1), rows.getString(2)));
        }
        return found;
    }

    @Override
    public Optional<Point> find(String code) {
        List<Point> found = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT " + COLUMNS + " FROM point WHERE code = ?", s -> s.setString(1, code),
                rows -> found.add(point(rows)));
        return found.stream().findFirst();
    }

    @Override
    public boolean update(PointDraft draft) {
        StringBuilder sql = new StringBuilder("UPDATE point SET name = ?, type = ?, region_code = ?, source = ?, "
                + "lat = ?, lon = ?, stream_url = ?, onvif_url = ?, vendor = ?, installed_at = ?, serial = ?, "
                + "updated_at = ?");
        if (draft.username() != null) {
            sql.append(", username_enc = ?");
        }
        if (draft.password() != null) {
            sql.append(", password_enc = ?");
        }
        sql.append(" WHERE code = ?");
        return Jdbc.update(dataSource, sql.toString(), statement -> {
            int i = 1;
            statement.setString(i++, draft.name());
            statement.setString(i++, draft.type().name());
            statement.setString(i++, draft.regionCode());
            statement.setString(i++, draft.source().name());
            setDouble(statement, i++, draft.lat());
            setDouble(statement, i++, draft.lon());
            statement.setString(i++, emptyToNull(draft.streamUrl()));
            statement.setString(i++, emptyToNull(draft.onvifUrl()));
            statement.setString(i++, emptyToNull(draft.vendor()));
            statement.setDate(i++, draft.installedAt() == null ? null : Date.valueOf(draft.installedAt()));
            statement.setString(i++, emptyToNull(draft.serial()));
            statement.setObject(i++, now());
            if (draft.username() != null) {
                statement.setString(i++, emptyToNull(cipher.encrypt(draft.username())));
            }
            if (draft.password() != null) {
                statement.setString(i++, emptyToNull(cipher.encrypt(draft.password())));
            }
            statement.setString(i, draft.code());
        }) == 1;
    }

    @Override
    public boolean delete(String code) {
        return Jdbc.update(dataSource, "DELETE FROM point WHERE code = ?", s -> s.setString(1, code)) == 1;
    }

    @Override
    public List<Point> within(double lat, double lon, double latSpan, double lonSpan, Set<PointType> types,
            int limit) {
        List<Point> found = new ArrayList<>();
        String typeList = String.join(", ", types.stream().map(t -> "'" + t.name() + "'").toList());
        Jdbc.query(dataSource, "SELECT " + COLUMNS + " FROM point WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? "
                + "AND type IN (" + typeList + ") ORDER BY code LIMIT ?", statement -> {
                    statement.setDouble(1, lat - latSpan);
                    statement.setDouble(2, lat + latSpan);
                    statement.setDouble(3, lon - lonSpan);
                    statement.setDouble(4, lon + lonSpan);
                    statement.setInt(5, limit);
                }, rows -> found.add(point(rows)));
        return found;
    }

    @Override
    public int moveStreamAddresses(String from, String to) {
        return Jdbc.update(dataSource, "UPDATE point SET stream_url = CONCAT(?, SUBSTRING(stream_url FROM ?)) "
                + "WHERE stream_url LIKE ? ESCAPE '\\'", statement -> {
                    statement.setString(1, to);
                    statement.setInt(2, from.length() + 1);
                    statement.setString(3, from.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                            + "%");
                });
    }

    @Override
    public List<PointPosition> positions(String regionCode) {
        List<PointPosition> found = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT code, region_code, lat, lon, status FROM point WHERE lat IS NOT NULL AND lon IS "
                + "NOT NULL" + (regionCode == null ? "" : " AND region_code LIKE ?") + " ORDER BY code", statement -> {
                    if (regionCode != null) {
                        statement.setString(1, regionCode + "%");
                    }
                }, rows -> found.add(new PointPosition(rows.getString(1), rows.getString(2), rows.getDouble(3),
                        rows.getDouble(4), PointStatus.valueOf(rows.getString(5)))));
        return found;
    }

    @Override
    public Page<Point> search(PointQuery query) {
        PointFilter filter = PointFilter.of(query);
        long[] total = {0};
        Jdbc.query(dataSource, "SELECT COUNT(*) FROM point" + filter.where(), filter::bind,
                rows -> total[0] = rows.getLong(1));
        if (total[0] <= query.offset()) {
            return new Page<>(List.of(), total[0], query.page(), query.size());
        }
        // Find the page's codes first (from the region index alone when only the region filters), then read just
        // those rows, instead of reading every row of the region to sort them.
        List<String> codes = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT code FROM point" + filter.where() + query.order().sql() + " LIMIT ? OFFSET ?",
                statement -> {
                    int next = filter.bind(statement);
                    statement.setInt(next++, query.size());
                    statement.setInt(next, query.offset());
                }, rows -> codes.add(rows.getString(1)));
        List<Point> items = new ArrayList<>();
        if (!codes.isEmpty()) {
            String sql = "SELECT " + COLUMNS + " FROM point WHERE code IN (" + "?,".repeat(codes.size() - 1) + "?)"
                    + query.order().sql();
            Jdbc.query(dataSource, sql, statement -> {
                for (int i = 0; i < codes.size(); i++) {
                    statement.setString(i + 1, codes.get(i));
                }
            }, rows -> items.add(point(rows)));
        }
        return new Page<>(items, total[0], query.page(), query.size());
    }

    @Override
    public boolean updateStatus(String code, PointStatus status, Instant seenAt) {
        // Status is what the hub learns again from the next keep-alive or probe, so it waits for the next write-out.
        return Jdbc.updateBuffered(dataSource, "UPDATE point SET status = ?, last_seen = COALESCE(?, last_seen) "
                + "WHERE code = ?",
                statement -> {
                    statement.setString(1, status.name());
                    statement.setObject(2, seenAt == null ? null : seenAt.atOffset(ZoneOffset.UTC));
                    statement.setString(3, code);
                }) == 1;
    }

    @Override
    public void updateStatuses(Map<String, PointStatus> statuses, Instant seenAt) {
        if (statuses.isEmpty()) {
            return;
        }
        Jdbc.inBufferedTransaction(dataSource, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("UPDATE point SET status = ?, "
                    + "last_seen = CASE WHEN ? THEN ? ELSE last_seen END WHERE code = ?")) {
                OffsetDateTime seen = seenAt.atOffset(ZoneOffset.UTC);
                for (Map.Entry<String, PointStatus> entry : statuses.entrySet()) {
                    statement.setString(1, entry.getValue().name());
                    statement.setBoolean(2, entry.getValue() == PointStatus.ONLINE);
                    statement.setObject(3, seen);
                    statement.setString(4, entry.getKey());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Map<String, String> onvifAddresses() {
        Map<String, String> addresses = new java.util.LinkedHashMap<>();
        // "> ''" rather than IS NOT NULL, and the type checked here: a range the point_onvif index answers alone,
        // instead of a walk of every point.
        Jdbc.query(dataSource, "SELECT code, onvif_url, type FROM point WHERE onvif_url > ''", statement -> { },
                rows -> {
                    if (PointType.valueOf(rows.getString(3)).hasVideo()) {
                        addresses.put(rows.getString(1), rows.getString(2));
                    }
                });
        return addresses;
    }

    @Override
    public List<ProbeTarget> probeTargets(String afterCode, int limit) {
        List<ProbeTarget> targets = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT code, stream_url, status, last_seen, onvif_url FROM point WHERE code > ? AND "
                + PROBE_TARGET + " ORDER BY code LIMIT ?", statement -> {
                    statement.setString(1, afterCode);
                    statement.setInt(2, limit);
                }, rows -> {
                    OffsetDateTime seen = rows.getObject(4, OffsetDateTime.class);
                    targets.add(new ProbeTarget(rows.getString(1), rows.getString(2),
                            PointStatus.valueOf(rows.getString(3)), seen == null ? null : seen.toInstant(),
                            rows.getString(5)));
                });
        return targets;
    }

    @Override
    public void markOffline(Map<String, Instant> lastSeen) {
        if (lastSeen.isEmpty()) {
            return;
        }
        Jdbc.inBufferedTransaction(dataSource, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("UPDATE point SET status = 'OFFLINE', "
                    + "last_seen = CASE WHEN last_seen IS NULL OR last_seen < ? THEN ? ELSE last_seen END "
                    + "WHERE code = ?")) {
                for (Map.Entry<String, Instant> entry : lastSeen.entrySet()) {
                    OffsetDateTime seen = entry.getValue().atOffset(ZoneOffset.UTC);
                    statement.setObject(1, seen);
                    statement.setObject(2, seen);
                    statement.setString(3, entry.getKey());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    @Override
    public long countProbeTargets() {
        long[] count = new long[1];
        Jdbc.query(dataSource, "SELECT COUNT(*) FROM point WHERE " + PROBE_TARGET, statement -> { },
                rows -> count[0] = rows.getLong(1));
        return count[0];
    }

    @Override
    public RegionStats stats(String regionCode) {
        RegionStats.Counts[] all = {RegionStats.Counts.ZERO};
        Map<SourceSystem, RegionStats.Counts> bySource = new EnumMap<>(SourceSystem.class);
        Map<PointType, RegionStats.Counts> byType = new EnumMap<>(PointType.class);
        String sql = "SELECT source, type, status, COUNT(*) FROM point WHERE region_code LIKE ? "
                + "GROUP BY source, type, status";
        Jdbc.query(dataSource, sql, s -> s.setString(1, regionCode + "%"), rows -> {
            SourceSystem source = SourceSystem.valueOf(rows.getString(1));
            PointType type = PointType.valueOf(rows.getString(2));
            PointStatus status = PointStatus.valueOf(rows.getString(3));
            long count = rows.getLong(4);
            all[0] = all[0].plus(status, count);
            bySource.merge(source, RegionStats.Counts.ZERO.plus(status, count), RegionStats.Counts::plus);
            byType.merge(type, RegionStats.Counts.ZERO.plus(status, count), RegionStats.Counts::plus);
        });
        return new RegionStats(regionCode, all[0], bySource, byType);
    }

    @Override
    public Optional<DeviceCredentials> credentials(String code) {
        List<DeviceCredentials> found = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT username_enc, password_enc FROM point WHERE code = ?",
                s -> s.setString(1, code), rows -> found.add(new DeviceCredentials(
                        nullToEmpty(cipher.decrypt(rows.getString(1))), nullToEmpty(cipher.decrypt(rows.getString(2))))));
        return found.stream().findFirst();
    }

    @Override
    public long count() {
        long[] count = {0};
        Jdbc.query(dataSource, "SELECT COUNT(*) FROM point", s -> { }, rows -> count[0] = rows.getLong(1));
        return count[0];
    }

    private static Point point(ResultSet rows) throws SQLException {
        Date installed = rows.getDate("installed_at");
        return new Point(rows.getString("code"), rows.getString("name"), PointType.valueOf(rows.getString("type")),
                rows.getString("region_code"), SourceSystem.valueOf(rows.getString("source")),
                getDouble(rows, "lat"), getDouble(rows, "lon"), rows.getString("stream_url"),
                rows.getString("onvif_url"), rows.getString("vendor"), installed == null ? null : installed.toLocalDate(),
                rows.getString("serial"), PointStatus.valueOf(rows.getString("status")),
                instant(rows, "last_seen"), rows.getBoolean("has_credentials"), instant(rows, "created_at"),
                instant(rows, "updated_at"));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Double getDouble(ResultSet rows, String column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    @Override
    public int markSilentOffline(java.util.Set<PointType> types, Instant silentSince) {
        if (types.isEmpty()) {
            return 0;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(types.size(), "?"));
        List<PointType> ordered = List.copyOf(types);
        return Jdbc.updateBuffered(dataSource, "UPDATE point SET status = 'OFFLINE' WHERE status = 'ONLINE' "
                + "AND last_seen < ? AND type IN (" + marks + ")", statement -> {
                    statement.setObject(1, silentSince.atOffset(java.time.ZoneOffset.UTC));
                    for (int i = 0; i < ordered.size(); i++) {
                        statement.setString(i + 2, ordered.get(i).name());
                    }
                });
    }
}

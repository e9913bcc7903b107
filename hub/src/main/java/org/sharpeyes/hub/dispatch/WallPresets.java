package org.sharpeyes.hub.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.sharpeyes.hub.db.Jdbc;

/** Saved layouts per wall, kept in the database: save the wall as it is, list, read, remove. */
public final class WallPresets {

    private static final TypeReference<List<Map<String, Object>>> TILES = new TypeReference<>() { };
    /** A wall keeps at most this many saved layouts; an operator keeps a handful, not a history. */
    public static final int MAX_PER_WALL = 32;

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();

    public WallPresets(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Saves {@code wall} under {@code name}, replacing a layout of that name: its layout and its own tiles (lent
     * ones, pushed or opened by an alarm, are left out). Empty when the wall already has its most layouts.
     */
    public Optional<WallPreset> save(Wall wall, String name, String username, OffsetDateTime now) {
        List<Tile> own = wall.tiles().stream().filter(t -> !t.isEmpty() && t.pushedBy() == null
                && t.alarmId() == null).toList();
        String tiles = write(own);
        boolean saved = Jdbc.inTransaction(dataSource, connection -> {
            int replaced = Jdbc.update(connection, "DELETE FROM wall_preset WHERE wall_id = ? AND name = ?", s -> {
                s.setLong(1, wall.id());
                s.setString(2, name);
            });
            if (replaced == 0 && count(connection, wall.id()) >= MAX_PER_WALL) {
                return false;
            }
            Jdbc.update(connection, "INSERT INTO wall_preset (wall_id, name, layout, tiles, saved_by, saved_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", s -> {
                        s.setLong(1, wall.id());
                        s.setString(2, name);
                        s.setInt(3, wall.layout());
                        s.setString(4, tiles);
                        s.setString(5, username);
                        s.setObject(6, now);
                    });
            return true;
        });
        return saved ? find(wall.id(), name) : Optional.empty();
    }

    public List<WallPreset> of(long wallId) {
        List<WallPreset> found = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT wall_id, name, layout, tiles, saved_by, saved_at FROM wall_preset WHERE "
                + "wall_id = ? ORDER BY name", s -> s.setLong(1, wallId), rows -> found.add(read(rows)));
        return found;
    }

    public Optional<WallPreset> find(long wallId, String name) {
        List<WallPreset> found = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT wall_id, name, layout, tiles, saved_by, saved_at FROM wall_preset WHERE "
                + "wall_id = ? AND name = ?", s -> {
                    s.setLong(1, wallId);
                    s.setString(2, name);
                }, rows -> found.add(read(rows)));
        return found.stream().findFirst();
    }

    public boolean remove(long wallId, String name) {
        return Jdbc.update(dataSource, "DELETE FROM wall_preset WHERE wall_id = ? AND name = ?", s -> {
            s.setLong(1, wallId);
            s.setString(2, name);
        }) > 0;
    }

    private static int count(java.sql.Connection connection, long wallId) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT COUNT(*) FROM wall_preset WHERE wall_id = ?")) {
            statement.setLong(1, wallId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private String write(List<Tile> tiles) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Tile tile : tiles) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("tile", tile.number());
            if (tile.isTour()) {
                one.put("tour", tile.tour());
                one.put("seconds", tile.tourSeconds());
            } else {
                one.put("pointCode", tile.pointCode());
            }
            out.add(one);
        }
        try {
            return json.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tiles cannot be written as JSON", e);
        }
    }

    private WallPreset read(java.sql.ResultSet rows) throws SQLException {
        List<Map<String, Object>> stored;
        try {
            stored = json.readValue(rows.getString(4), TILES);
        } catch (JsonProcessingException e) {
            throw new SQLException("saved layout " + rows.getString(2) + " is not JSON", e);
        }
        List<Tile> tiles = new ArrayList<>();
        for (Map<String, Object> one : stored) {
            int number = ((Number) one.get("tile")).intValue();
            if (one.get("tour") instanceof List<?> points) {
                tiles.add(Tile.tour(number, points.stream().map(String::valueOf).toList(),
                        ((Number) one.get("seconds")).intValue()));
            } else {
                tiles.add(Tile.showing(number, String.valueOf(one.get("pointCode")), null, null));
            }
        }
        return new WallPreset(rows.getLong(1), rows.getString(2), rows.getInt(3), List.copyOf(tiles),
                rows.getString(5), rows.getObject(6, OffsetDateTime.class));
    }
}

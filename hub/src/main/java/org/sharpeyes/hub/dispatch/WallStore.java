package org.sharpeyes.hub.dispatch;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.sharpeyes.hub.db.Jdbc;

/** Walls and their tiles in the database; the hub reads them once at start and writes each change through. */
final class WallStore {

    private final DataSource dataSource;

    WallStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<Wall> loadAll() {
        Map<Long, List<Tile>> tiles = new HashMap<>();
        Jdbc.query(dataSource, "SELECT wall_id, tile, point_code, tour_points, tour_seconds, pushed_by, alarm_id, "
                + "ptz_granted FROM "
                + "wall_tile", s -> { }, rows -> {
                    String tour = rows.getString(4);
                    tiles.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(new Tile(rows.getInt(2),
                            rows.getString(3), tour == null || tour.isEmpty() ? List.of()
                                    : Arrays.asList(tour.split(",")), rows.getInt(5), rows.getString(6),
                            rows.getString(7), rows.getBoolean(8)));
                });
        List<Wall> walls = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT id, center_code, name, layout, version FROM wall ORDER BY id", s -> { },
                rows -> {
                    long id = rows.getLong(1);
                    int layout = rows.getInt(4);
                    List<Tile> all = new ArrayList<>();
                    for (int n = 1; n <= layout; n++) {
                        all.add(Tile.empty(n));
                    }
                    for (Tile tile : tiles.getOrDefault(id, List.of())) {
                        if (tile.number() <= layout) {
                            all.set(tile.number() - 1, tile);
                        }
                    }
                    walls.add(new Wall(id, rows.getString(2), rows.getString(3), layout, rows.getLong(5),
                            List.copyOf(all)));
                });
        return walls;
    }

    /** Inserts a new wall and returns its id. */
    long insert(String centerCode, String name, int layout) {
        return Jdbc.inTransaction(dataSource, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO wall (center_code, name, layout, "
                    + "version) VALUES (?, ?, ?, 1)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, centerCode);
                insert.setString(2, name);
                insert.setInt(3, layout);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    void save(Wall wall) {
        Jdbc.inTransaction(dataSource, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE wall SET name = ?, layout = ?, "
                    + "version = ? WHERE id = ?")) {
                update.setString(1, wall.name());
                update.setInt(2, wall.layout());
                update.setLong(3, wall.version());
                update.setLong(4, wall.id());
                update.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM wall_tile WHERE wall_id = ?")) {
                delete.setLong(1, wall.id());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO wall_tile (wall_id, tile, "
                    + "point_code, tour_points, tour_seconds, pushed_by, alarm_id, ptz_granted) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Tile tile : wall.tiles()) {
                    if (tile.isEmpty()) {
                        continue;
                    }
                    insert.setLong(1, wall.id());
                    insert.setInt(2, tile.number());
                    insert.setString(3, tile.pointCode());
                    insert.setString(4, tile.tour().isEmpty() ? null : String.join(",", tile.tour()));
                    insert.setInt(5, tile.tourSeconds());
                    insert.setString(6, tile.pushedBy());
                    insert.setString(7, tile.alarmId());
                    insert.setBoolean(8, tile.ptzGranted());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }
}

package org.sharpeyes.hub.registry;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;
import org.sharpeyes.hub.db.Jdbc;

/** Regions in a relational database. */
public final class JdbcRegionStore implements RegionStore {

    private final DataSource dataSource;

    public JdbcRegionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Region> all() {
        List<Region> regions = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT code, name, kind, parent_code FROM region", s -> { },
                rows -> regions.add(new Region(rows.getString(1), rows.getString(2),
                        RegionKind.valueOf(rows.getString(3)), rows.getString(4))));
        return regions;
    }

    @Override
    public void insertAll(List<Region> regions) {
        // Shorter codes are higher in the tree, so sorting by length puts every parent before its children.
        List<Region> ordered = regions.stream()
                .sorted(Comparator.comparingInt((Region r) -> r.code().length()).thenComparing(Region::code)).toList();
        Jdbc.inTransaction(dataSource, connection -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO region (code, name, kind, parent_code, created_at) VALUES (?, ?, ?, ?, ?)")) {
                for (Region region : ordered) {
                    statement.setString(1, region.code());
                    statement.setString(2, region.name());
                    statement.setString(3, region.kind().name());
                    statement.setString(4, region.parentCode());
                    statement.setObject(5, now);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }
}

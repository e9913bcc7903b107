package org.sharpeyes.hub.registry;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The WHERE clause of a point search and the values it binds, in order. */
final class PointFilter {

    private final StringBuilder where = new StringBuilder();
    private final List<String> values = new ArrayList<>();

    static PointFilter of(PointQuery query) {
        PointFilter filter = new PointFilter();
        if (query.regionCode() != null) {
            filter.add("region_code LIKE ?", query.regionCode() + "%");
        }
        if (query.type() != null) {
            filter.add("type = ?", query.type().name());
        }
        if (query.source() != null) {
            filter.add("source = ?", query.source().name());
        }
        if (query.status() != null) {
            filter.add("status = ?", query.status().name());
        }
        if (query.text() != null && !query.text().isBlank()) {
            String pattern = "%" + escapeLike(query.text().strip().toLowerCase(Locale.ROOT)) + "%";
            filter.add("(LOWER(name) LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\')", pattern, pattern);
        }
        return filter;
    }

    private void add(String condition, String... bound) {
        where.append(where.length() == 0 ? " WHERE " : " AND ").append(condition);
        values.addAll(List.of(bound));
    }

    String where() {
        return where.toString();
    }

    /** Binds the values from index 1; returns the next free index. */
    int bind(PreparedStatement statement) throws SQLException {
        int i = 1;
        for (String value : values) {
            statement.setString(i++, value);
        }
        return i;
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}

package org.sharpeyes.hub.registry;

/** How a point search is sorted: by code, or the points silent longest first (never seen before any seen). */
public enum PointOrder {
    CODE(" ORDER BY code"),
    LAST_SEEN(" ORDER BY CASE WHEN last_seen IS NULL THEN 0 ELSE 1 END, last_seen, code");

    private final String sql;

    PointOrder(String sql) {
        this.sql = sql;
    }

    String sql() {
        return sql;
    }
}

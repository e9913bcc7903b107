package org.sharpeyes.hub.dispatch;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.sharpeyes.hub.db.Jdbc;

/** Points shared up: what each center's children offered it ("shared with us"). Sharing again refreshes the offer. */
public final class Shares {

    private final DataSource dataSource;

    public Shares(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Share share(String pointCode, String fromCenter, String toCenter, String username, String note) {
        Share share = new Share(pointCode, fromCenter, toCenter, username, note, OffsetDateTime.now(ZoneOffset.UTC));
        Jdbc.inTransaction(dataSource, connection -> {
            try (var delete = connection.prepareStatement("DELETE FROM point_share WHERE point_code = ? AND "
                    + "to_center = ?")) {
                delete.setString(1, pointCode);
                delete.setString(2, toCenter);
                delete.executeUpdate();
            }
            try (var insert = connection.prepareStatement("INSERT INTO point_share (point_code, from_center, "
                    + "to_center, shared_by, note, shared_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, pointCode);
                insert.setString(2, fromCenter);
                insert.setString(3, toCenter);
                insert.setString(4, username);
                insert.setString(5, note);
                insert.setObject(6, share.sharedAt());
                insert.executeUpdate();
            }
            return null;
        });
        return share;
    }

    /** What was shared with {@code centerCode}, newest first. */
    public List<Share> sharedWith(String centerCode) {
        List<Share> shares = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT point_code, from_center, to_center, shared_by, note, shared_at FROM point_share "
                + "WHERE to_center = ? ORDER BY shared_at DESC", s -> s.setString(1, centerCode), rows -> shares.add(
                        new Share(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                                rows.getString(5), rows.getObject(6, OffsetDateTime.class))));
        return shares;
    }
}

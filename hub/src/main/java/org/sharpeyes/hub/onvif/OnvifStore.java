package org.sharpeyes.hub.onvif;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.sharpeyes.adapters.onvif.MediaProfile;
import org.sharpeyes.hub.db.Jdbc;

/** The {@code onvif_device} table (#19): one row per point whose ONVIF device the hub has read. Blocking. */
public final class OnvifStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PROFILES_TEXT = 4000;

    private final DataSource dataSource;

    public OnvifStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes {@code record} over what was kept for its point. */
    public void save(OnvifRecord r) {
        String profiles = profilesText(r.profiles());
        Jdbc.inTransaction(dataSource, connection -> {
            Jdbc.update(connection, "DELETE FROM onvif_device WHERE point_code = ?", s -> s.setString(1,
                    r.pointCode()));
            Jdbc.update(connection, "INSERT INTO onvif_device (point_code, device_url, manufacturer, model, "
                    + "firmware, hardware_id, profile_token, ptz_profile_token, media2, snapshot_url, profiles, "
                    + "clock_offset_ms, refreshed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
                        s.setString(1, r.pointCode());
                        s.setString(2, cut(r.deviceUrl(), 1024));
                        s.setString(3, cut(r.manufacturer(), 128));
                        s.setString(4, cut(r.model(), 128));
                        s.setString(5, cut(r.firmware(), 128));
                        s.setString(6, cut(r.hardwareId(), 128));
                        s.setString(7, cut(r.profileToken(), 64));
                        s.setString(8, cut(r.ptzProfileToken(), 64));
                        s.setBoolean(9, r.media2());
                        s.setString(10, cut(r.snapshotUrl(), 1024));
                        s.setString(11, profiles);
                        if (r.clockOffset() == null) {
                            s.setNull(12, Types.BIGINT);
                        } else {
                            s.setLong(12, r.clockOffset().toMillis());
                        }
                        s.setObject(13, r.refreshedAt().atOffset(ZoneOffset.UTC));
                    });
            return null;
        });
    }

    /** Remembers how far the device's clock is from the hub's, where a row exists. */
    public void saveClockOffset(String pointCode, Duration offset) {
        Jdbc.updateBuffered(dataSource, "UPDATE onvif_device SET clock_offset_ms = ? WHERE point_code = ?", s -> {
            s.setLong(1, offset.toMillis());
            s.setString(2, pointCode);
        });
    }

    /** What was kept for {@code pointCode}, whichever device it came from. */
    public Optional<OnvifRecord> find(String pointCode) {
        List<OnvifRecord> found = new ArrayList<>();
        Jdbc.query(dataSource, "SELECT device_url, manufacturer, model, firmware, hardware_id, profile_token, "
                + "ptz_profile_token, media2, snapshot_url, profiles, clock_offset_ms, refreshed_at FROM onvif_device "
                + "WHERE point_code = ?",
                s -> s.setString(1, pointCode), row -> {
                    long offset = row.getLong(11);
                    Duration clockOffset = row.wasNull() ? null : Duration.ofMillis(offset);
                    found.add(new OnvifRecord(pointCode, row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                            row.getBoolean(8), row.getString(9), profiles(row.getString(10)), clockOffset,
                            row.getObject(12, OffsetDateTime.class).toInstant()));
                });
        return found.stream().findFirst();
    }

    public void delete(String pointCode) {
        Jdbc.update(dataSource, "DELETE FROM onvif_device WHERE point_code = ?", s -> s.setString(1, pointCode));
    }

    private static String profilesText(List<MediaProfile> profiles) {
        List<MediaProfile> kept = new ArrayList<>(profiles);
        while (true) {
            try {
                String text = JSON.writeValueAsString(kept);
                if (text.length() <= MAX_PROFILES_TEXT || kept.isEmpty()) {
                    return text;
                }
                kept.remove(kept.size() - 1);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("profiles are plain records", e);
            }
        }
    }

    private static List<MediaProfile> profiles(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(text, new TypeReference<List<MediaProfile>>() { });
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}

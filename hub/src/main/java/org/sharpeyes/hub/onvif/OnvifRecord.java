package org.sharpeyes.hub.onvif;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.sharpeyes.adapters.onvif.MediaProfile;

/**
 * What the hub learned from a point's ONVIF device at {@code deviceUrl} (#19): who made it and what it is, the profile its stream and
 * its PTZ use, where its snapshot is, every profile it offered, and how far its clock is from the hub's.
 */
public record OnvifRecord(String pointCode, String deviceUrl, String manufacturer, String model, String firmware, String hardwareId,
        String profileToken, String ptzProfileToken, boolean media2, String snapshotUrl, List<MediaProfile> profiles,
        Duration clockOffset, Instant refreshedAt) {

    public OnvifRecord {
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
    }

    /** The same record with another clock offset. */
    public OnvifRecord withClockOffset(Duration offset) {
        return new OnvifRecord(pointCode, deviceUrl, manufacturer, model, firmware, hardwareId, profileToken, ptzProfileToken,
                media2, snapshotUrl, profiles, offset, refreshedAt);
    }
}

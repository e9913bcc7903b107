package org.sharpeyes.hub.onvif;

import java.time.Duration;
import java.util.List;
import org.sharpeyes.adapters.onvif.DeviceInformation;
import org.sharpeyes.adapters.onvif.MediaProfile;

/**
 * What one reading of an ONVIF device found (#19): its information, its profiles, the profile chosen for the
 * point's stream and for PTZ, the stream and snapshot addresses of that profile (the snapshot may be null), and the
 * clock offset.
 */
public record OnvifReport(String deviceUrl, DeviceInformation information, List<MediaProfile> profiles,
        MediaProfile stream, MediaProfile ptz, String streamUrl, String snapshotUrl, Duration clockOffset) {
}

package org.sharpeyes.hub.registry;

import java.time.LocalDate;

/**
 * A validated point as an installer submitted it, credentials in clear. A {@code null} username or password means
 * "not given" (an update keeps the stored one); an empty one means "none".
 */
public record PointDraft(String code, String name, PointType type, String regionCode, SourceSystem source, Double lat,
        Double lon, String streamUrl, String onvifUrl, String username, String password, String vendor,
        LocalDate installedAt, String serial) {
}

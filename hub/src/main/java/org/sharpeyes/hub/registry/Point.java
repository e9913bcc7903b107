package org.sharpeyes.hub.registry;

import java.time.Instant;
import java.time.LocalDate;

/** A registered point as the registry keeps it; its device credentials stay in the store and never leave it here. */
public record Point(String code, String name, PointType type, String regionCode, SourceSystem source, Double lat,
        Double lon, String streamUrl, String onvifUrl, String vendor, LocalDate installedAt, String serial,
        PointStatus status, Instant lastSeen, boolean hasCredentials, Instant createdAt, Instant updatedAt) {
}

package org.sharpeyes.hub.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Severity;

/** A normalized event linked to its point, as stored and served (ARCHITECTURE §3, normalized event). */
public record StoredEvent(String id, String deviceEventId, EventType type, String pointCode, String regionCode,
        String dialect, OffsetDateTime occurredAt, OffsetDateTime receivedAt, Severity severity,
        Map<String, Object> attributes, List<String> imageRefs) {
}

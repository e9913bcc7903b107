package org.sharpeyes.hub.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Severity;

/** A normalized event linked to its point, as stored and served (docs/DIALECTS.md, "The event the hub makes of them"). */
public record StoredEvent(String id, String deviceEventId, EventType type, String pointCode, String regionCode,
        String dialect, OffsetDateTime occurredAt, OffsetDateTime receivedAt, Severity severity,
        Map<String, Object> attributes, List<String> imageRefs) {
}

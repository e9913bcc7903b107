package org.sharpeyes.adapters.event;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One event as a dialect adapter reads it, before the hub links it to a point: the device as it named itself (point
 * code or serial), the device's own id for the event (the de-duplication key; derived from the payload when the
 * dialect has none), type, severity, the device's time (null when it gave none), the normalized attributes of
 * docs/DIALECTS.md, and the images the payload carried, decoded.
 */
public record DeviceEvent(String deviceId, String deviceEventId, EventType type, Severity severity,
        OffsetDateTime occurredAt, Map<String, Object> attributes, List<byte[]> images) {

    public DeviceEvent {
        attributes = Map.copyOf(attributes);
        images = List.copyOf(images);
    }
}

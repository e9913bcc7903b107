package org.sharpeyes.hub.dispatch;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An alarm the centers must handle: raised by a one-key alarm or a watch-list face match at a point, shown at the
 * {@code centers} (nearest first; the county joins on escalation) with its linked cameras on their walls;
 * {@code repeats} counts the same point's further alarms while this one was open.
 */
public record Alarm(String id, String eventId, String kind, String pointCode, String regionCode, String severity,
        AlarmState state, boolean drill, boolean cancelled, List<String> centers, List<String> linkedPoints,
        String snapshot, String detail, OffsetDateTime raisedAt, OffsetDateTime escalatedAt, String ackedBy,
        String ackedCenter, OffsetDateTime ackedAt, String closedBy, OffsetDateTime closedAt, int repeats) {

    public boolean isRaisedAt(String centerCode) {
        return centers.contains(centerCode);
    }
}

package org.sharpeyes.hub.dispatch;

import java.time.OffsetDateTime;

/** A point a lower center offered up to its parent center. */
public record Share(String pointCode, String fromCenter, String toCenter, String sharedBy, String note,
        OffsetDateTime sharedAt) {
}

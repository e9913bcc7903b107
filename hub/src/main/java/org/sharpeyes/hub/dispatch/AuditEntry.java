package org.sharpeyes.hub.dispatch;

import java.time.OffsetDateTime;

/** One line of the audit log: who (null for the hub itself), from which center, did what to what, and when. */
public record AuditEntry(long id, OffsetDateTime at, String username, String centerCode, AuditAction action,
        String target, String regionCode, String detail) {
}

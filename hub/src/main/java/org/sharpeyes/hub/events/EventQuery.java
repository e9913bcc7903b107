package org.sharpeyes.hub.events;

import java.time.OffsetDateTime;
import org.sharpeyes.adapters.event.EventType;

/** A search of stored events: region subtree, type, point, part of a plate, time window (received), page from 1. */
public record EventQuery(String regionPrefix, EventType type, String pointCode, String plate, OffsetDateTime since,
        OffsetDateTime until, int page, int size) {
}

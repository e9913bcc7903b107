package org.sharpeyes.hub.events;

import java.time.OffsetDateTime;

/**
 * A device message the hub could not turn into events, kept for inspection: where it came from, why (a reason from
 * {@link DeadLetterReason} and the detail, naming the field when one is at fault), and its first bytes.
 */
public record DeadLetter(String id, String topic, String dialect, DeadLetterReason reason, String field,
        String detail, byte[] payload, int payloadBytes, OffsetDateTime receivedAt) {
}

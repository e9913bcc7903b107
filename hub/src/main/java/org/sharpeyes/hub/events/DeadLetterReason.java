package org.sharpeyes.hub.events;

/** Why a device message became a dead letter; the metric {@code hub.events.dead_letters} counts by this. */
public enum DeadLetterReason {
    /** No dialect is bound to the topic. */
    UNKNOWN_TOPIC,
    /** The device is neither a point code nor a registered serial. */
    UNKNOWN_DEVICE,
    /** The dialect's adapter refused the payload (malformed, wrong type, missing field). */
    UNREADABLE,
    /** The payload names a device other than the one that sent it (its login, or its topic on a checked broker). */
    IDENTITY_MISMATCH,
    /** The sending device's point is of a type that does not speak the dialect (a barrier gate raising an alarm). */
    WRONG_DEVICE_TYPE;

    /** The name the API and metrics show, e.g. {@code unknown device}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}

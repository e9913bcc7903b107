package org.sharpeyes.hub.dispatch;

import java.time.OffsetDateTime;

/** A step in an alarm's handling: an acknowledgement, a comment or the close, by whom and from which center. */
public record AlarmNote(OffsetDateTime at, String username, String centerCode, String action, String text) {
}

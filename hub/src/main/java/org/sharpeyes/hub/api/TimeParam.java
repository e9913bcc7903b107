package org.sharpeyes.hub.api;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.sharpeyes.hub.registry.Echo;

/**
 * A time in a query ({@code since=}, {@code until=}): ISO-8601 with an offset. A {@code +} typed unencoded arrives as
 * a space (form encoding), so a space before the offset is read as the {@code +} it was.
 */
final class TimeParam {

    private TimeParam() {
    }

    /** The time named {@code name}, or null when the query has none; 400 naming it when it is not a time. */
    static OffsetDateTime read(Request request, String name) {
        return request.queryParam(name).map(text -> {
            try {
                return OffsetDateTime.parse(text.strip().replace(' ', '+'));
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(name, name + " must be an ISO-8601 time with offset, e.g. "
                        + "2026-11-22T08:00:00+08:00 (%2B for the + in a URL), got '" + Echo.text(text) + "'");
            }
        }).orElse(null);
    }
}

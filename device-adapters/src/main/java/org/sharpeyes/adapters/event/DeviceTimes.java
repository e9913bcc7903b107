package org.sharpeyes.adapters.event;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Device clocks as dialects write them, to an offset date-time; times without an offset are in the devices' zone. */
public final class DeviceTimes {

    /** Where devices without an offset in their times stand, unless configured otherwise. */
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private DeviceTimes() {
    }

    /** ISO-8601 with or without an offset ({@code 2026-11-22T08:01:02+08:00}, {@code 2026-11-22 08:01:02}). */
    public static OffsetDateTime iso(String text, ZoneId zone, String field) throws AdapterException {
        String value = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).atZone(zone).toOffsetDateTime();
            } catch (DateTimeParseException again) {
                throw new AdapterException(field, "not an ISO-8601 time: '" + text + "'");
            }
        }
    }

    /** GA/T 1400's {@code yyyyMMddHHmmss}, local time in {@code zone}. */
    public static OffsetDateTime compact(String text, ZoneId zone, String field) throws AdapterException {
        try {
            return LocalDateTime.parse(text.trim(), COMPACT).atZone(zone).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            throw new AdapterException(field, "not a yyyyMMddHHmmss time: '" + text + "'");
        }
    }

    /** Seconds or milliseconds since the epoch (told apart by size), in {@code zone}'s offset. */
    public static OffsetDateTime epoch(long value, ZoneId zone) {
        Instant instant = value > 100_000_000_000L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
        return instant.atZone(zone).toOffsetDateTime();
    }
}

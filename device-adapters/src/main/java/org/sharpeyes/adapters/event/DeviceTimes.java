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
    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private DeviceTimes() {
    }

    /** ISO-8601 with or without an offset ({@code 2026-11-22T08:01:02+08:00}, {@code 2026-11-22 08:01:02}). */
    public static OffsetDateTime iso(String text, ZoneId zone, String field) throws AdapterException {
        String value = text.trim().replace(' ', 'T');
        try {
            return sane(OffsetDateTime.parse(value), field);
        } catch (DateTimeParseException e) {
            try {
                return sane(LocalDateTime.parse(value).atZone(zone).toOffsetDateTime(), field);
            } catch (DateTimeParseException again) {
                throw new AdapterException(field, "not an ISO-8601 time: '" + text + "'");
            }
        }
    }

    /** GA/T 1400's {@code yyyyMMddHHmmss}, local time in {@code zone}. */
    public static OffsetDateTime compact(String text, ZoneId zone, String field) throws AdapterException {
        try {
            return sane(LocalDateTime.parse(text.trim(), COMPACT).atZone(zone).toOffsetDateTime(), field);
        } catch (DateTimeParseException e) {
            throw new AdapterException(field, "not a yyyyMMddHHmmss time: '" + text + "'");
        }
    }

    /** Seconds or milliseconds since the epoch (told apart by size), in {@code zone}'s offset. */
    public static OffsetDateTime epoch(long value, ZoneId zone, String field) throws AdapterException {
        if (value < 0 || value >= LATEST.toEpochMilli()) {
            throw new AdapterException(field, "not a time a device clock can show: " + value + " (expected seconds or "
                    + "milliseconds since 1970, before 2100)");
        }
        Instant instant = value > 100_000_000_000L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
        return sane(instant.atZone(zone).toOffsetDateTime(), field);
    }

    /**
     * A time no device clock can show (before 1970, or from 2100 on) is refused: stored, it would sort ahead of every
     * real event for centuries. A clock reset to 1970 or 2000 still passes: the hub keeps its own receive time too.
     */
    private static OffsetDateTime sane(OffsetDateTime time, String field) throws AdapterException {
        if (time.toInstant().isBefore(Instant.EPOCH) || !time.toInstant().isBefore(LATEST)) {
            throw new AdapterException(field, "not a time a device clock can show: " + time
                    + " (expected 1970 to 2099)");
        }
        return time;
    }
}

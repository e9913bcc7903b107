package org.sharpeyes.hub.registry;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The field names of a point as the CSV header and the JSON API spell them. */
public final class PointFields {

    public static final String CODE = "code";
    public static final String NAME = "name";
    public static final String TYPE = "type";
    public static final String REGION = "region";
    public static final String SOURCE = "source";
    public static final String LAT = "lat";
    public static final String LON = "lon";
    public static final String STREAM_URL = "streamUrl";
    public static final String ONVIF_URL = "onvifUrl";
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String VENDOR = "vendor";
    public static final String INSTALLED_AT = "installedAt";
    public static final String SERIAL = "serial";

    /** Every field, in CSV order. */
    public static final List<String> ALL = List.of(CODE, NAME, TYPE, REGION, SOURCE, LAT, LON, STREAM_URL, ONVIF_URL,
            USERNAME, PASSWORD, VENDOR, INSTALLED_AT, SERIAL);
    /** The columns a CSV file must have (the contract makes every column after {@code lon} optional). */
    public static final List<String> REQUIRED_COLUMNS = List.of(CODE, NAME, TYPE, REGION, SOURCE, LAT, LON);

    private static final Map<String, String> BY_LOWER = ALL.stream()
            .collect(Collectors.toMap(f -> f.toLowerCase(Locale.ROOT), Function.identity()));

    private PointFields() {
    }

    /** The canonical field a header names (case, spaces and underscores ignored), or null when it names none. */
    public static String canonical(String header) {
        return BY_LOWER.get(header.strip().replace("_", "").replace(" ", "").toLowerCase(Locale.ROOT));
    }
}

package org.sharpeyes.hub.registry;

import static org.sharpeyes.hub.registry.PointFields.CODE;
import static org.sharpeyes.hub.registry.PointFields.INSTALLED_AT;
import static org.sharpeyes.hub.registry.PointFields.LAT;
import static org.sharpeyes.hub.registry.PointFields.LON;
import static org.sharpeyes.hub.registry.PointFields.NAME;
import static org.sharpeyes.hub.registry.PointFields.ONVIF_URL;
import static org.sharpeyes.hub.registry.PointFields.PASSWORD;
import static org.sharpeyes.hub.registry.PointFields.REGION;
import static org.sharpeyes.hub.registry.PointFields.SERIAL;
import static org.sharpeyes.hub.registry.PointFields.SOURCE;
import static org.sharpeyes.hub.registry.PointFields.STREAM_URL;
import static org.sharpeyes.hub.registry.PointFields.TYPE;
import static org.sharpeyes.hub.registry.PointFields.USERNAME;
import static org.sharpeyes.hub.registry.PointFields.VENDOR;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a point's raw text fields (a CSV row or a JSON body) into a checked {@link PointDraft}, or the list of what
 * is wrong with them, field by field.
 */
public final class PointDraftParser {

    private static final Set<String> STREAM_SCHEMES = Set.of("rtsp", "rtsps", "rtmp", "http", "https", "gb28181");
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ofPattern("uuuu-M-d"),
            DateTimeFormatter.ofPattern("uuuu/M/d"), DateTimeFormatter.ofPattern("uuuu.M.d"),
            DateTimeFormatter.ofPattern("uuuuMMdd"));

    private final RegionTree regions;

    public PointDraftParser(RegionTree regions) {
        this.regions = regions;
    }

    /** The result of parsing: a draft when there are no errors. */
    public record Result(PointDraft draft, List<FieldError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** Parses {@code raw}, keyed by {@link PointFields} names; absent keys are fields not given. */
    public Result parse(Map<String, String> given) {
        Map<String, String> raw = withoutNul(given);
        List<FieldError> errors = new ArrayList<>();
        Fields f = new Fields(raw, errors);
        String code = f.required(CODE, 20);
        String name = f.required(NAME, 128);
        PointType type = f.optionalText(TYPE).map(text -> PointType.parse(text).orElseGet(() -> {
            errors.add(new FieldError(TYPE, "'" + Echo.text(text) + "' is not a point type: one of " + PointType.names()));
            return null;
        })).orElseGet(() -> f.missing(TYPE));
        Region region = f.optionalText(REGION).map(text -> regions.find(text).orElseGet(() -> {
            errors.add(new FieldError(REGION, "region " + Echo.text(text) + " is not registered"));
            return null;
        })).orElseGet(() -> f.missing(REGION));
        SourceSystem source = f.optionalText(SOURCE).map(text -> SourceSystem.parse(text).orElseGet(() -> {
            errors.add(new FieldError(SOURCE, "'" + Echo.text(text) + "' is not a source system: one of " + SourceSystem.names()));
            return null;
        })).orElseGet(() -> f.missing(SOURCE));
        if (code != null) {
            Optional<String> problem = type != null && region != null ? PointCodeRules.check(code, type, region)
                    : PointCodeRules.checkShape(code);
            problem.ifPresent(message -> errors.add(0, new FieldError(CODE, message)));
        }
        Double lat = f.coordinate(LAT, 90);
        Double lon = f.coordinate(LON, 180);
        String username = f.optional(USERNAME, 128);
        String password = f.optional(PASSWORD, 128);
        String streamUrl = null;
        Optional<URI> stream = f.url(STREAM_URL, STREAM_SCHEMES);
        if (stream.isPresent()) {
            URI uri = stream.get();
            String userInfo = uri.getRawUserInfo();
            // Installers often paste rtsp://user:pass@host/...; keep the secret in the encrypted columns instead.
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                String pass = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
                username = username == null || username.isEmpty() ? user : username;
                password = password == null || password.isEmpty() ? pass : password;
            }
            streamUrl = withoutUserInfo(uri);
        } else if (raw.containsKey(STREAM_URL)) {
            streamUrl = "";
        }
        String onvifUrl = f.url(ONVIF_URL, Set.of("http", "https")).map(URI::toString)
                .orElse(raw.containsKey(ONVIF_URL) ? "" : null);
        String vendor = f.optional(VENDOR, 64);
        LocalDate installedAt = f.date(INSTALLED_AT);
        String serial = f.optional(SERIAL, 64);
        if (serial != null && !serial.isEmpty()) {
            DeviceSerials.check(serial).ifPresent(message -> errors.add(new FieldError(SERIAL, message)));
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new PointDraft(code, name, type, region.code(), source, lat, lon, streamUrl, onvifUrl,
                username, password, vendor, installedAt, serial == null || serial.isEmpty() ? null : serial), errors);
    }

    /** NUL characters are never part of a device's name or address, and break C clients that show them. */
    private static Map<String, String> withoutNul(Map<String, String> raw) {
        Map<String, String> clean = new java.util.LinkedHashMap<>();
        raw.forEach((key, value) -> clean.put(key, value == null ? null : value.replace("\0", "")));
        return clean;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        String text = uri.toString();
        int at = text.indexOf('@', uri.getScheme().length() + 3);
        return uri.getScheme() + "://" + text.substring(at + 1);
    }

    /** Reads one record's raw values and collects their problems. */
    private static final class Fields {
        private final Map<String, String> raw;
        private final List<FieldError> errors;

        Fields(Map<String, String> raw, List<FieldError> errors) {
            this.raw = raw;
            this.errors = errors;
        }

        Optional<String> optionalText(String field) {
            String value = raw.get(field);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        <T> T missing(String field) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }

        String required(String field, int maxLength) {
            Optional<String> value = optionalText(field);
            if (value.isEmpty()) {
                return missing(field);
            }
            return checkLength(field, value.get(), maxLength);
        }

        /** Null when the field is absent, empty when blank. */
        String optional(String field, int maxLength) {
            String value = raw.get(field);
            return value == null ? null : checkLength(field, value.strip(), maxLength);
        }

        private String checkLength(String field, String value, int maxLength) {
            if (value.length() > maxLength) {
                errors.add(new FieldError(field, "must be at most " + maxLength + " characters, got " + value.length()));
                return null;
            }
            return value;
        }

        Double coordinate(String field, double limit) {
            Optional<String> text = optionalText(field);
            if (text.isEmpty()) {
                return null;
            }
            try {
                double value = Double.parseDouble(text.get());
                if (Double.isNaN(value) || value < -limit || value > limit) {
                    errors.add(new FieldError(field, "must be between -" + (int) limit + " and " + (int) limit
                            + ", got " + Echo.text(text.get())));
                    return null;
                }
                return value;
            } catch (NumberFormatException e) {
                errors.add(new FieldError(field, "must be a decimal number of degrees, got '" + Echo.text(text.get()) + "'"));
                return null;
            }
        }

        Optional<URI> url(String field, Set<String> schemes) {
            Optional<String> text = optionalText(field);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            if (text.get().length() > 1024) {
                errors.add(new FieldError(field, "must be at most 1024 characters"));
                return Optional.empty();
            }
            try {
                URI uri = new URI(text.get());
                // gb28181://{device}/{channel}: a 20-digit device ID is no host name to java.net.URI.
                boolean gbDevice = "gb28181".equalsIgnoreCase(uri.getScheme()) && uri.getRawAuthority() != null
                        && uri.getRawAuthority().matches("\\d{20}");
                if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase())
                        || (uri.getHost() == null && !gbDevice)) {
                    errors.add(new FieldError(field, "must be an absolute " + String.join("/", schemes.stream().sorted()
                            .toList()) + " URL with a host, got '" + Echo.text(text.get()) + "'"));
                    return Optional.empty();
                }
                return Optional.of(uri);
            } catch (URISyntaxException e) {
                errors.add(new FieldError(field, "is not a valid URL: " + e.getMessage()));
                return Optional.empty();
            }
        }

        LocalDate date(String field) {
            Optional<String> text = optionalText(field);
            if (text.isEmpty()) {
                return null;
            }
            // Spreadsheets write dates many ways, often with a time of day nobody needs.
            String day = text.get().split("[ T]", 2)[0];
            for (DateTimeFormatter format : DATES) {
                try {
                    return LocalDate.parse(day, format);
                } catch (DateTimeParseException e) {
                    // try the next format
                }
            }
            errors.add(new FieldError(field, "must be a date like 2024-05-01, got '" + Echo.text(text.get()) + "'"));
            return null;
        }
    }
}

package org.sharpeyes.adapters.onvif;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A device that answered a WS-Discovery Probe (#19): its endpoint reference (a {@code urn:uuid:}), the types it
 * claims, its scopes and the addresses of its device service.
 */
public record ProbeMatch(String endpoint, List<String> types, List<String> scopes, List<String> xaddrs) {

    /** The device's name from its {@code onvif://www.onvif.org/name/…} scope, URL-decoded. */
    public Optional<String> name() {
        return scope("name");
    }

    /** The device's hardware (usually its model) from its {@code hardware} scope. */
    public Optional<String> hardware() {
        return scope("hardware");
    }

    /** Where the device says it is, from its {@code location} scope (vendors put a city or a free text). */
    public Optional<String> location() {
        return scope("location");
    }

    private Optional<String> scope(String kind) {
        String prefix = "onvif://www.onvif.org/" + kind + "/";
        for (String scope : scopes) {
            if (scope.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                String value = scope.substring(prefix.length());
                return Optional.of(URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8)
                        .strip());
            }
        }
        return Optional.empty();
    }
}

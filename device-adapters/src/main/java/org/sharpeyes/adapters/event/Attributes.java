package org.sharpeyes.adapters.event;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds an event's attributes, leaving out what the device did not say; dialect-only facts go under {@code raw}. */
public final class Attributes {

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Object> raw = new LinkedHashMap<>();

    public Attributes put(String name, Object value) {
        if (value != null) {
            values.put(name, value);
        }
        return this;
    }

    public Attributes raw(String name, Object value) {
        if (value != null) {
            raw.put(name, value);
        }
        return this;
    }

    public Map<String, Object> build() {
        Map<String, Object> all = new LinkedHashMap<>(values);
        if (!raw.isEmpty()) {
            all.put("raw", Map.copyOf(raw));
        }
        return all;
    }
}

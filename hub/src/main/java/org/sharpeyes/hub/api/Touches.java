package org.sharpeyes.hub.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a route touches, read from its pattern: a {@code {parameter}} right after a collection ({@code points},
 * {@code regions}, …) names one of its things, which the door checks against the caller's region before the route
 * runs. A parameter under such a thing ({@code /walls/{id}/tiles/{n}}) is a part of it. A route whose parameter is
 * neither cannot be registered, so no route slips past the door.
 */
public enum Touches {
    POINT("points"), REGION("regions"), WALL("walls"), ALARM("alarms"), EVENT("events"), CENTER("centers"),
    OPERATOR("operators");

    private final String collection;

    Touches(String collection) {
        this.collection = collection;
    }

    /** The path parameters of {@code pattern} that name a thing to check, and what each names. */
    static Map<String, Touches> declared(String pattern) {
        List<String> segments = Router.split(pattern);
        Map<String, Touches> declared = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (!segment.startsWith("{")) {
                continue;
            }
            String name = segment.substring(1, segment.length() - 1);
            Touches kind = i == 0 ? null : of(segments.get(i - 1));
            if (kind != null) {
                declared.put(name, kind);
            } else if (declared.isEmpty()) {
                throw new IllegalArgumentException("route " + pattern + " names {" + name
                        + "} without saying what it touches: put it after one of " + List.of(values()));
            }
        }
        return declared;
    }

    private static Touches of(String collection) {
        for (Touches kind : values()) {
            if (kind.collection.equals(collection)) {
                return kind;
            }
        }
        return null;
    }
}

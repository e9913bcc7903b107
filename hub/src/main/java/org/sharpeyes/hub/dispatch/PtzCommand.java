package org.sharpeyes.hub.dispatch;

import java.util.Locale;
import java.util.Optional;

/**
 * A PTZ move as operators give it: a direction or zoom, or stop, at a speed from 0 to 1; or a move to the preset
 * {@code preset} (its token).
 */
public record PtzCommand(Action action, double speed, String preset) {

    /** A move that names no preset. */
    public PtzCommand(Action action, double speed) {
        this(action, speed, null);
    }

    /** The moves of {@code POST /points/{code}/ptz}. */
    public enum Action {
        LEFT, RIGHT, UP, DOWN, ZOOM_IN, ZOOM_OUT, STOP, PRESET;

        /** Parses the API's names: left, right, up, down, zoomIn, zoomOut, stop, preset. */
        public static Optional<Action> parse(String text) {
            if (text == null) {
                return Optional.empty();
            }
            String name = text.strip().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
            try {
                return Optional.of(valueOf(name));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        public String apiName() {
            return switch (this) {
                case ZOOM_IN -> "zoomIn";
                case ZOOM_OUT -> "zoomOut";
                default -> name().toLowerCase(Locale.ROOT);
            };
        }
    }
}

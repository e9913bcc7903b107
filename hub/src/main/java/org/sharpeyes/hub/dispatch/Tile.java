package org.sharpeyes.hub.dispatch;

import java.util.List;

/**
 * One tile of a wall: the point it shows now (null when empty); for a tour, the points it cycles through every
 * {@code tourSeconds}; the higher center that pushed it there, and the alarm that opened it, when either did.
 */
public record Tile(int number, String pointCode, List<String> tour, int tourSeconds, String pushedBy, String alarmId) {

    public static Tile empty(int number) {
        return new Tile(number, null, List.of(), 0, null, null);
    }

    public static Tile showing(int number, String pointCode, String pushedBy, String alarmId) {
        return new Tile(number, pointCode, List.of(), 0, pushedBy, alarmId);
    }

    public boolean isEmpty() {
        return pointCode == null && tour.isEmpty();
    }

    public boolean isTour() {
        return !tour.isEmpty();
    }

    /** Whether the tile shows {@code code} now or will on its tour. */
    public boolean shows(String code) {
        return code.equals(pointCode) || tour.contains(code);
    }

    Tile withPoint(String code) {
        return new Tile(number, code, tour, tourSeconds, pushedBy, alarmId);
    }
}

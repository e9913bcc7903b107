package org.sharpeyes.hub.dispatch;

import java.util.List;

/**
 * One tile of a wall: the point it shows now (null when empty); for a tour, the points it cycles through every
 * {@code tourSeconds}; the higher center that pushed it there, and the alarm that opened it, when either did; and
 * whether the pusher let the receiving center steer the camera.
 */
public record Tile(int number, String pointCode, List<String> tour, int tourSeconds, String pushedBy, String alarmId,
        boolean ptzGranted) {

    public static Tile empty(int number) {
        return new Tile(number, null, List.of(), 0, null, null, false);
    }

    public static Tile showing(int number, String pointCode, String pushedBy, String alarmId) {
        return new Tile(number, pointCode, List.of(), 0, pushedBy, alarmId, false);
    }

    /** A point pushed down by {@code pushedBy}, steerable by the receiver when {@code ptzGranted}. */
    public static Tile pushed(int number, String pointCode, String pushedBy, boolean ptzGranted) {
        return new Tile(number, pointCode, List.of(), 0, pushedBy, null, ptzGranted);
    }

    /** A tour the center set itself. */
    public static Tile tour(int number, List<String> points, int seconds) {
        return new Tile(number, points.get(0), List.copyOf(points), seconds, null, null, false);
    }

    public boolean isEmpty() {
        return pointCode == null && tour.isEmpty();
    }

    public boolean isTour() {
        return !tour.isEmpty();
    }

    /** Whether the tile was filled from above (a push) or by an alarm, which lends its point to the center. */
    public boolean grants() {
        return (pushedBy != null || alarmId != null) && !isTour();
    }

    /** Whether the tile shows {@code code} now or will on its tour. */
    public boolean shows(String code) {
        return code.equals(pointCode) || tour.contains(code);
    }

    Tile withPoint(String code) {
        return new Tile(number, code, tour, tourSeconds, pushedBy, alarmId, ptzGranted);
    }
}

package org.sharpeyes.hub.events;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.sharpeyes.hub.registry.PointType;

/**
 * Which kinds of point speak which dialect: a registered barrier gate's login must not raise a one-key alarm, nor an
 * alarm box report plate reads. Generous where vendors are (plate and face records also come from ordinary cameras
 * with recognition on board, gate envelopes from the parking camera at the gate).
 */
final class DialectDevices {

    private static final Set<PointType> CAMERAS = EnumSet.of(PointType.CAMERA, PointType.PTZ_CAMERA);
    private static final Map<String, Set<PointType>> SPEAKERS = Map.of(
            "gate.json", EnumSet.of(PointType.BARRIER_GATE),
            "gate.alarminfoplate", EnumSet.of(PointType.BARRIER_GATE, PointType.PLATE_RECOGNIZER),
            "plate.isapi", with(CAMERAS, PointType.PLATE_RECOGNIZER, PointType.BARRIER_GATE),
            "plate.gat1400", with(CAMERAS, PointType.PLATE_RECOGNIZER, PointType.BARRIER_GATE),
            "face.acs", EnumSet.of(PointType.FACE_RECOGNIZER, PointType.ACCESS_CONTROL),
            "face.gat1400", with(CAMERAS, PointType.FACE_RECOGNIZER, PointType.ACCESS_CONTROL),
            "alarm.json", EnumSet.of(PointType.ONE_KEY_ALARM),
            "alarm.gb28181", EnumSet.of(PointType.ONE_KEY_ALARM),
            "onvif.events", CAMERAS);

    private DialectDevices() {
    }

    static boolean fits(String dialect, PointType type) {
        Set<PointType> speakers = SPEAKERS.get(dialect);
        return speakers == null || speakers.contains(type);
    }

    /** The kinds that speak {@code dialect}, for a dead letter's words. */
    static String expected(String dialect) {
        Set<PointType> speakers = SPEAKERS.get(dialect);
        return speakers == null ? "any" : String.join(" or ", speakers.stream().map(Enum::name).sorted().toList());
    }

    private static Set<PointType> with(Set<PointType> base, PointType... more) {
        Set<PointType> all = EnumSet.copyOf(base);
        all.addAll(Set.of(more));
        return all;
    }
}

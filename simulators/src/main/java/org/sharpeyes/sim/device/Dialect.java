package org.sharpeyes.sim.device;

import java.util.Locale;

/** The device dialects of DIALECTS.md the simulators speak, with the topic each publishes on. */
public enum Dialect {
    GATE_ALARMINFOPLATE("gate.alarminfoplate"),
    GATE_JSON("gate.json"),
    PLATE_ISAPI("plate.isapi"),
    PLATE_GAT1400("plate.gat1400"),
    FACE_ACS("face.acs"),
    FACE_GAT1400("face.gat1400"),
    ALARM_JSON("alarm.json"),
    ALARM_GB28181("alarm.gb28181");

    private final String id;

    Dialect(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Dialect of(String id) {
        for (Dialect dialect : values()) {
            if (dialect.id.equalsIgnoreCase(id.trim()) || dialect.name().equalsIgnoreCase(id.trim())) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("unknown dialect '" + id + "'; known: " + java.util.Arrays.stream(values())
                .map(Dialect::id).toList());
    }

    /** The topic a device of this dialect publishes its events on; {@code name} is its code or serial. */
    public String topic(String name) {
        return switch (this) {
            case GATE_ALARMINFOPLATE -> "device/" + name + "/message/up/ivs_result";
            case GATE_JSON -> "devices/gate/" + name + "/event";
            case PLATE_ISAPI -> "devices/isapi/" + name + "/anpr";
            case PLATE_GAT1400 -> "devices/viid/" + name + "/motorvehicles";
            case FACE_ACS -> "devices/acs/" + name + "/event";
            case FACE_GAT1400 -> "devices/viid/" + name + "/faces";
            case ALARM_JSON -> "devices/alarm/" + name + "/sos";
            case ALARM_GB28181 -> "devices/gb/" + name + "/alarm";
        };
    }

    /** Whether this dialect's device is a one-key alarm box. */
    public boolean isAlarm() {
        return this == ALARM_JSON || this == ALARM_GB28181;
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}

package org.sharpeyes.adapters.event;

/** What a normalized device event reports (ARCHITECTURE §3, normalized event). */
public enum EventType {
    VEHICLE_PASS, PLATE_READ, FACE_CAPTURE, FACE_MATCH, ONE_KEY_ALARM, GATE_STATE, DEVICE_STATUS, DEVICE_FAULT
}

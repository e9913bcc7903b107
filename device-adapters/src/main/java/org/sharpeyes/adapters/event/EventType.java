package org.sharpeyes.adapters.event;

/** What a normalized device event reports (docs/DIALECTS.md, "The event the hub makes of them"). */
public enum EventType {
    VEHICLE_PASS, PLATE_READ, FACE_CAPTURE, FACE_MATCH, ONE_KEY_ALARM, GATE_STATE, DEVICE_STATUS, DEVICE_FAULT, MOTION
}

package org.sharpeyes.hub.registry;

/** Whether a point answered its last probe or live pull. */
public enum PointStatus {
    ONLINE, OFFLINE, UNKNOWN
}

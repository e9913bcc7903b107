package org.sharpeyes.hub.dispatch;

import org.sharpeyes.hub.registry.RegionKind;

/** The level of a comprehensive-governance center; a higher tier outranks a lower one (PTZ, pushing video). */
public enum Tier {
    VILLAGE, TOWNSHIP, COUNTY,
    /** The platform above the county (the city's, over GB/T 28181 cascade): no center of the hub sits there. */
    SUPERIOR;

    public boolean outranks(Tier other) {
        return compareTo(other) > 0;
    }

    /** The tier of a center at a region of {@code kind}, or null when no center sits at that kind. */
    public static Tier of(RegionKind kind) {
        return switch (kind) {
            case COUNTY -> COUNTY;
            case TOWNSHIP -> TOWNSHIP;
            case VILLAGE -> VILLAGE;
            default -> null;
        };
    }
}

package org.sharpeyes.hub.registry;

import java.util.Map;

/** Point counts of a region's subtree: in all, by live status, and broken down by source system and by type. */
public record RegionStats(String region, Counts all, Map<SourceSystem, Counts> bySource, Map<PointType, Counts> byType) {

    /** How many points there are, and how many of them are online, offline or not yet probed. */
    public record Counts(long points, long online, long offline, long unknown) {

        public static final Counts ZERO = new Counts(0, 0, 0, 0);

        /** The share of points online now, 0 to 1; 0 for no points. */
        public double onlineRate() {
            return points == 0 ? 0 : (double) online / points;
        }

        public Counts plus(Counts other) {
            return new Counts(points + other.points, online + other.online, offline + other.offline,
                    unknown + other.unknown);
        }

        public Counts plus(PointStatus status, long count) {
            return new Counts(points + count, online + (status == PointStatus.ONLINE ? count : 0),
                    offline + (status == PointStatus.OFFLINE ? count : 0),
                    unknown + (status == PointStatus.UNKNOWN ? count : 0));
        }
    }
}

package org.sharpeyes.hub.registry;

/** Where a point is and whether it is online: what a map needs of each point, and nothing more. */
public record PointPosition(String code, String regionCode, double lat, double lon, PointStatus status) {
}

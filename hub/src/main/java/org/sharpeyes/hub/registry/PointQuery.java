package org.sharpeyes.hub.registry;

/**
 * A search over points: every non-null criterion must hold. {@code regionCode} includes the region's whole subtree;
 * {@code text} matches a part of the name or the code; {@code page} counts from 1.
 */
public record PointQuery(String regionCode, PointType type, SourceSystem source, PointStatus status, String text,
        int page, int size, PointOrder order) {

    /** A search sorted by code. */
    public PointQuery(String regionCode, PointType type, SourceSystem source, PointStatus status, String text,
            int page, int size) {
        this(regionCode, type, source, status, text, page, size, PointOrder.CODE);
    }

    public int offset() {
        return (page - 1) * size;
    }
}

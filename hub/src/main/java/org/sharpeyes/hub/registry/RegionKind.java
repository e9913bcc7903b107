package org.sharpeyes.hub.registry;

import java.util.Set;

/** A level of the administrative tree: county, township, village or community, and schools hung under them. */
public enum RegionKind {
    COUNTY, TOWNSHIP, VILLAGE, COMMUNITY, SCHOOL;

    /** The kinds a region of this kind may hang under; empty for the county, the root. */
    public Set<RegionKind> parentKinds() {
        return switch (this) {
            case COUNTY -> Set.of();
            case TOWNSHIP -> Set.of(COUNTY);
            case VILLAGE -> Set.of(TOWNSHIP);
            case COMMUNITY, SCHOOL -> Set.of(TOWNSHIP, VILLAGE);
        };
    }

    /** Whether a comprehensive-governance center may sit at this level. */
    public boolean hasCenter() {
        return this == COUNTY || this == TOWNSHIP || this == VILLAGE;
    }
}

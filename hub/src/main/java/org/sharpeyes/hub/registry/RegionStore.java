package org.sharpeyes.hub.registry;

import java.util.List;

/** Where regions live. */
public interface RegionStore {

    List<Region> all();

    /** Inserts regions in one transaction, parents before children. */
    void insertAll(List<Region> regions);
}

package org.sharpeyes.hub.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of all regions, indexed by code and by parent. */
public final class RegionTree {

    private final Map<String, Region> byCode = new HashMap<>();
    private final Map<String, List<Region>> children = new HashMap<>();
    private final List<Region> roots = new ArrayList<>();

    public RegionTree(Collection<Region> regions) {
        List<Region> sorted = regions.stream().sorted(Comparator.comparing(Region::code)).toList();
        for (Region region : sorted) {
            byCode.put(region.code(), region);
            if (region.parentCode() == null) {
                roots.add(region);
            } else {
                children.computeIfAbsent(region.parentCode(), k -> new ArrayList<>()).add(region);
            }
        }
    }

    public Optional<Region> find(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    public List<Region> children(String code) {
        return children.getOrDefault(code, List.of());
    }

    public List<Region> roots() {
        return roots;
    }

    /** Every region, in no particular order. */
    public Collection<Region> all() {
        return java.util.Collections.unmodifiableCollection(byCode.values());
    }

    public int size() {
        return byCode.size();
    }

    public boolean isEmpty() {
        return byCode.isEmpty();
    }

    /** A new snapshot with {@code region} added. */
    public RegionTree with(Region region) {
        List<Region> all = new ArrayList<>(byCode.values());
        all.add(region);
        return new RegionTree(all);
    }
}

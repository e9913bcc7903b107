package org.sharpeyes.hub.dispatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.sharpeyes.hub.db.Jdbc;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionDirectory;

/**
 * The centers, kept in memory: every county, township and village region has one, made with a default name the
 * first time it is asked for, so a region added later never lacks its center.
 */
public final class CenterDirectory {

    private final DataSource dataSource;
    private final RegionDirectory regions;
    private final Map<String, Center> centers = new ConcurrentHashMap<>();

    public CenterDirectory(DataSource dataSource, RegionDirectory regions) {
        this.dataSource = dataSource;
        this.regions = regions;
        Jdbc.query(dataSource, "SELECT code, name, tier FROM center", s -> { }, rows -> centers.put(rows.getString(1),
                new Center(rows.getString(1), rows.getString(2), Tier.valueOf(rows.getString(3)))));
    }

    /** The center at region {@code code}, when that region exists and is a county, township or village. */
    public Optional<Center> find(String code) {
        if (code == null) {
            return Optional.empty();
        }
        Center known = centers.get(code);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Region> region = regions.find(code);
        if (region.isEmpty() || Tier.of(region.get().kind()) == null) {
            return Optional.empty();
        }
        return Optional.of(create(region.get()));
    }

    private synchronized Center create(Region region) {
        Center existing = centers.get(region.code());
        if (existing != null) {
            return existing;
        }
        Center center = new Center(region.code(), cut(region.name() + "综治中心", 160), Tier.of(region.kind()));
        Jdbc.update(dataSource, "INSERT INTO center (code, name, tier) VALUES (?, ?, ?)", s -> {
            s.setString(1, center.code());
            s.setString(2, center.name());
            s.setString(3, center.tier().name());
        });
        centers.put(center.code(), center);
        return center;
    }

    /** Renames a center; empty when there is none at {@code code}. */
    public synchronized Optional<Center> rename(String code, String name) {
        return find(code).map(center -> {
            Center renamed = new Center(center.code(), name, center.tier());
            Jdbc.update(dataSource, "UPDATE center SET name = ? WHERE code = ?", s -> {
                s.setString(1, name);
                s.setString(2, code);
            });
            centers.put(code, renamed);
            return renamed;
        });
    }

    /** Every center in the region subtree of {@code prefix} (all when null), by code. */
    public List<Center> list(String prefix) {
        List<Center> found = new ArrayList<>();
        for (Region region : regions.tree().all()) {
            if (Tier.of(region.kind()) != null && (prefix == null || region.code().startsWith(prefix))) {
                find(region.code()).ifPresent(found::add);
            }
        }
        found.sort(Comparator.comparing(Center::code));
        return found;
    }

    /** The centers above a region, nearest first: for a school, its village (if any), township and county. */
    public List<Center> above(String regionCode) {
        List<Center> chain = new ArrayList<>();
        Optional<Region> region = regions.find(regionCode);
        while (region.isPresent()) {
            find(region.get().code()).ifPresent(chain::add);
            region = region.get().parentCode() == null ? Optional.empty() : regions.find(region.get().parentCode());
        }
        return chain;
    }

    /** The center directly above {@code center}, or empty for the county. */
    public Optional<Center> parentOf(Center center) {
        List<Center> chain = above(center.code());
        return chain.size() > 1 ? Optional.of(chain.get(1)) : Optional.empty();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}

package org.sharpeyes.hub.registry;

import java.util.Optional;

/** The part of the region tree an operator may see: their center's region and everything below it, or all. */
public record RegionScope(String rootCode) {

    public static final RegionScope ALL = new RegionScope(null);

    public boolean isAll() {
        return rootCode == null;
    }

    /** Whether the region or point region {@code regionCode} lies inside this scope. */
    public boolean covers(String regionCode) {
        return rootCode == null || (regionCode != null && regionCode.startsWith(rootCode));
    }

    /**
     * The region to filter by when a client asks for {@code requested} (null meaning "everything I may see"): the
     * deeper of the two, or empty when the request lies wholly outside the scope.
     */
    public Optional<String> narrow(String requested) {
        if (requested == null) {
            return Optional.ofNullable(rootCode);
        }
        if (covers(requested)) {
            return Optional.of(requested);
        }
        return requested.length() < rootCode.length() && rootCode.startsWith(requested)
                ? Optional.of(rootCode) : Optional.empty();
    }
}

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
     * Whether {@code regionCode}, as a client wrote it, names no region this scope may use: outside it, or (for a
     * scoped caller) not registered below its root. Blank is left to the field's own checks.
     */
    public boolean refuses(String regionCode) {
        return regionCode != null && !regionCode.isBlank() && !covers(regionCode.strip());
    }

    /** The words for a region this scope refuses: the same whether it lies elsewhere or nowhere. */
    public static String notYours(String regionCode) {
        return "no region " + Echo.text(regionCode) + " in your region";
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

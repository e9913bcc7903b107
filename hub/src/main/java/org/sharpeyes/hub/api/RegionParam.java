package org.sharpeyes.hub.api;

import java.util.Optional;
import org.sharpeyes.hub.registry.RegionDirectory;
import org.sharpeyes.hub.registry.RegionScope;

/** The {@code region=} of a listing: a registered region, and (unless told otherwise) inside the caller's scope. */
final class RegionParam {

    private RegionParam() {
    }

    /** The region asked for, checked to be registered (400 otherwise); empty when none was asked for. */
    static Optional<String> requested(Request request, RegionDirectory regions) {
        Optional<String> requested = request.queryParam("region");
        requested.ifPresent(code -> {
            if (regions.find(code).isEmpty()) {
                throw ApiException.badRequest("region", "region " + code + " is not registered");
            }
        });
        return requested;
    }

    /**
     * The region subtree a listing covers: the one asked for when it lies inside the caller's scope (403 when it
     * does not), else the scope's root; empty for a hub-wide caller who asked for none.
     */
    static Optional<String> scoped(Request request, RegionDirectory regions) {
        Optional<String> requested = requested(request, regions);
        RegionScope scope = request.operator().scope();
        Optional<String> region = scope.narrow(requested.orElse(null));
        if (requested.isPresent() && region.isEmpty()) {
            throw ApiException.forbidden("region " + requested.get() + " is outside your center's region "
                    + scope.rootCode());
        }
        return region;
    }
}

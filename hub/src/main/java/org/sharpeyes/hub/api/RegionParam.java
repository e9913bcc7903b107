package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import org.sharpeyes.hub.registry.RegionDirectory;
import org.sharpeyes.hub.registry.RegionScope;

/**
 * The {@code region=} of a listing: a registered region, and (unless told otherwise) inside the caller's scope. One
 * answer for both failings, 404 as for {@code GET /regions/{code}}: a region outside one's scope is not there.
 */
final class RegionParam {

    private RegionParam() {
    }

    /** The region asked for, checked to be registered (404 otherwise); empty when none was asked for. */
    static Optional<String> requested(Request request, RegionDirectory regions) {
        Optional<String> requested = request.queryParam("region");
        requested.ifPresent(code -> {
            if (regions.find(code).isEmpty()) {
                throw notYours(code);
            }
        });
        return requested;
    }

    /** The refusal for a region that is not registered or lies outside the caller's scope, alike. */
    static ApiException notYours(String code) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", RegionScope.notYours(code), "region");
    }

    /**
     * The region subtree a listing covers: the one asked for when it lies inside the caller's scope (404 when it
     * does not), else the scope's root; empty for a hub-wide caller who asked for none.
     */
    static Optional<String> scoped(Request request, RegionDirectory regions) {
        Optional<String> requested = requested(request, regions);
        RegionScope scope = request.operator().scope();
        Optional<String> region = scope.narrow(requested.orElse(null));
        if (requested.isPresent() && region.isEmpty()) {
            throw notYours(requested.get());
        }
        return region;
    }
}

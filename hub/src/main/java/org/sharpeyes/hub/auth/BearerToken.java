package org.sharpeyes.hub.auth;

import java.util.List;
import java.util.Map;

/** Where a client's login token travels: {@code Authorization: Bearer …}, or {@code ?token=} for players and sockets that cannot set headers. */
public final class BearerToken {

    private BearerToken() {
    }

    /** The token of a request, or null when it carries none. */
    public static String from(String authorizationHeader, Map<String, List<String>> query) {
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorizationHeader.substring(7).strip();
        }
        List<String> values = query.get("token");
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}

package org.sharpeyes.hub.auth;

import org.sharpeyes.hub.registry.RegionScope;

/**
 * A person who logs in: a center (identified by its region's code; null for a hub-wide administrator) and a role.
 */
public record Operator(String username, String centerCode, Role role) {

    /** The regions this operator may see: their center's subtree, or all for an administrator with no center. */
    public RegionScope scope() {
        return centerCode == null ? RegionScope.ALL : new RegionScope(centerCode);
    }
}

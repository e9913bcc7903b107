package org.sharpeyes.hub.api;

import java.util.EnumSet;
import java.util.Set;
import org.sharpeyes.hub.auth.Role;

/** Who may call a route: anyone, any logged-in operator, or operators with one of some roles. */
public record Access(boolean needsLogin, Set<Role> roles) {

    public static final Access PUBLIC = new Access(false, EnumSet.allOf(Role.class));
    public static final Access LOGGED_IN = new Access(true, EnumSet.allOf(Role.class));

    public static Access roles(Role first, Role... rest) {
        return new Access(true, EnumSet.of(first, rest));
    }
}

package org.sharpeyes.hub.api;

import org.sharpeyes.hub.auth.Role;

/** Who may act in dispatch: watching is for every login, acting on walls, PTZ and alarms is for these roles. */
final class DispatchAccess {

    static final Access DISPATCHERS = Access.roles(Role.OPERATOR, Role.SUPERVISOR, Role.ADMIN);
    static final Access SUPERVISORS = Access.roles(Role.SUPERVISOR, Role.ADMIN);

    private DispatchAccess() {
    }
}

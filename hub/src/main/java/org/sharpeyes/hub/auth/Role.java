package org.sharpeyes.hub.auth;

/** What an operator may do: administer everything in scope, register points, or watch and dispatch. */
public enum Role {
    ADMIN, INSTALLER, OPERATOR
}

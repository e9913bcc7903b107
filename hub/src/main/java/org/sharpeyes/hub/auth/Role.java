package org.sharpeyes.hub.auth;

/**
 * What an operator may do: watch and dispatch (OPERATOR), that plus reading the audit log and closing alarms
 * (SUPERVISOR), register points (INSTALLER), or administer everything in their scope (ADMIN).
 */
public enum Role {
    ADMIN, SUPERVISOR, INSTALLER, OPERATOR
}

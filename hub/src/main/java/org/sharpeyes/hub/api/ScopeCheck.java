package org.sharpeyes.hub.api;

import org.sharpeyes.hub.auth.Operator;

/**
 * Whether an operator may touch one thing of a kind, named by its code or id: returns quietly when they may, throws
 * the {@link ApiException} to answer when they may not (404 in the same words as for a thing that does not exist).
 * Runs on the blocking executor.
 */
@FunctionalInterface
public interface ScopeCheck {
    void check(Operator operator, String value);
}

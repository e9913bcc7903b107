package org.sharpeyes.hub.auth;

import java.util.List;
import java.util.Optional;

/** Where operators and their password hashes live. */
public interface OperatorStore {

    /** An operator with the hash of their password. */
    record StoredOperator(Operator operator, String passwordHash) {
    }

    Optional<StoredOperator> find(String username);

    /** Adds an operator; false when the username is taken. */
    boolean insert(Operator operator, String passwordHash);

    boolean updatePassword(String username, String passwordHash);

    /** Operators whose center lies in the subtree of {@code centerPrefix}, or all when it is null. */
    List<Operator> list(String centerPrefix);
}

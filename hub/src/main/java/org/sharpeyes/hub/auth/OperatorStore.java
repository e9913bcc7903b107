package org.sharpeyes.hub.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where operators, their password hashes and their failed logins live. */
public interface OperatorStore {

    /** An operator with the hash of their password and the lock-out state of their account. */
    record StoredOperator(Operator operator, String passwordHash, int failedLogins, Instant lockedUntil) {

        public boolean lockedAt(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }
    }

    Optional<StoredOperator> find(String username);

    /** Adds an operator; false when the username is taken. */
    boolean insert(Operator operator, String passwordHash);

    /** Sets a new password; this also lifts a lock-out. */
    boolean updatePassword(String username, String passwordHash);

    /**
     * Counts a failed login; once {@code limit} failures follow each other, locks the account until
     * {@code lockUntil} and starts counting afresh. Returns the failures counted so far (0 after locking).
     */
    int recordFailedLogin(String username, int limit, Instant lockUntil);

    /** Moves an operator to another center and role; false when there is no such operator. */
    boolean update(Operator operator);

    boolean delete(String username);

    /** A successful login forgets earlier failures. */
    void clearFailedLogins(String username);

    /** Locks the account until {@code until} (an administrator's lock), whatever its failed logins. */
    boolean lock(String username, Instant until);

    /** Operators whose center lies in the subtree of {@code centerPrefix}, or all when it is null. */
    List<Operator> list(String centerPrefix);
}

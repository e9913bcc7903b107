package org.sharpeyes.hub.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins counted in memory by a key of the caller's choosing, locking that key for a while after too many in
 * a row: for names that belong to no account (so that they answer exactly like accounts do), for the hub-wide
 * administrator per source address (so that nobody can lock the one account that administers everything from
 * elsewhere), and for devices pushing over HTTP per device and address.
 */
public final class LoginThrottle {

    private static final int KEPT = 100_000;

    private record Entry(int failures, Instant lockedUntil) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final int limit;
    private final Duration lockOut;

    public LoginThrottle(int limit, Duration lockOut) {
        this.limit = limit;
        this.lockOut = lockOut;
    }

    /** Until when {@code key} is locked, if it is now. */
    public Optional<Instant> lockedUntil(String key, Instant now) {
        Entry entry = entries.get(key);
        return entry == null || entry.lockedUntil() == null || !now.isBefore(entry.lockedUntil()) ? Optional.empty()
                : Optional.of(entry.lockedUntil());
    }

    /** Counts a failure; returns true when it locks the key (and counting starts afresh). */
    public boolean fail(String key, Instant now) {
        if (entries.size() >= KEPT) {
            entries.values().removeIf(e -> e.lockedUntil() == null || !now.isBefore(e.lockedUntil()));
        }
        Entry next = entries.compute(key, (k, entry) -> {
            int failures = entry == null || entry.lockedUntil() != null ? 1 : entry.failures() + 1;
            return failures >= limit ? new Entry(0, now.plus(lockOut)) : new Entry(failures, null);
        });
        return next.lockedUntil() != null;
    }

    public void clear(String key) {
        entries.remove(key);
    }
}

package org.sharpeyes.hub.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One PTZ control lock per camera. The holder keeps it while commanding; it lapses after {@code idle} without a
 * command. A higher tier takes it from a lower one at once; the same or a lower tier must wait.
 */
public final class PtzLocks {

    /** Who holds a camera's lock, and since when they last commanded it. */
    public record Holder(String username, String centerCode, Tier tier, long lastCommand) {
    }

    /** The outcome of asking for a lock: granted (perhaps taken from {@code previous}), or refused by {@code holder}. */
    public record Outcome(boolean granted, Holder holder, Holder previous) {
    }

    private final Map<String, Holder> locks = new ConcurrentHashMap<>();
    private final long idleNanos;
    private final LongSupplier nanos;

    public PtzLocks(Duration idle) {
        this(idle, System::nanoTime);
    }

    PtzLocks(Duration idle, LongSupplier nanos) {
        this.idleNanos = idle.toNanos();
        this.nanos = nanos;
    }

    /** Takes or renews the lock on {@code camera} for a command by {@code username} of a center at {@code tier}. */
    public synchronized Outcome acquire(String camera, String username, String centerCode, Tier tier) {
        long now = nanos.getAsLong();
        Holder current = live(camera, now).orElse(null);
        Holder mine = new Holder(username, centerCode, tier, now);
        if (current == null || current.username().equals(username)) {
            locks.put(camera, mine);
            return new Outcome(true, mine, null);
        }
        if (tier.outranks(current.tier())) {
            locks.put(camera, mine);
            return new Outcome(true, mine, current);
        }
        return new Outcome(false, current, null);
    }

    /** Gives the lock up, when {@code username} holds it. */
    public synchronized boolean release(String camera, String username) {
        Holder current = locks.get(camera);
        if (current != null && current.username().equals(username)) {
            locks.remove(camera);
            return true;
        }
        return false;
    }

    public synchronized Optional<Holder> holder(String camera) {
        return live(camera, nanos.getAsLong());
    }

    private Optional<Holder> live(String camera, long now) {
        Holder current = locks.get(camera);
        if (current != null && now - current.lastCommand() >= idleNanos) {
            locks.remove(camera);
            return Optional.empty();
        }
        return Optional.ofNullable(current);
    }
}

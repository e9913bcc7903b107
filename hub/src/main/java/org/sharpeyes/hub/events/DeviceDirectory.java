package org.sharpeyes.hub.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.sharpeyes.hub.registry.DeviceCredentials;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the point a device names itself by: its point code, or the vendor serial registered on a point. Answers are
 * kept briefly (unknown devices more briefly), since every message and every broker login asks. The embedded broker
 * asks on its own event-loop threads, so a known device's lapsed answer is still given while a fresh one is read on
 * {@code refresher}: only a device seen for the first time, or an unknown one, waits for the database.
 */
public final class DeviceDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceDirectory.class);
    private static final long KNOWN_NANOS = Duration.ofSeconds(30).toNanos();
    private static final long UNKNOWN_NANOS = Duration.ofSeconds(3).toNanos();
    private static final int KEPT = 100_000;

    /** A device's point and its credentials (null when none are registered). */
    public record Device(Point point, DeviceCredentials credentials) {
    }

    private record Entry(Device device, long expiresAt) {
    }

    private final PointStore points;
    private final LongSupplier clock;
    private final Executor refresher;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    public DeviceDirectory(PointStore points, Executor refresher) {
        this(points, refresher, System::nanoTime);
    }

    DeviceDirectory(PointStore points, Executor refresher, LongSupplier clock) {
        this.points = points;
        this.refresher = refresher;
        this.clock = clock;
    }

    public Optional<Device> find(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            return Optional.empty();
        }
        Entry entry = cache.get(deviceId);
        if (entry == null || entry.device() == null && lapsed(entry)) {
            entry = lookUp(deviceId);
        } else if (lapsed(entry)) {
            refreshLater(deviceId);
        }
        return Optional.ofNullable(entry.device());
    }

    private boolean lapsed(Entry entry) {
        return clock.getAsLong() - entry.expiresAt() > 0;
    }

    private void refreshLater(String deviceId) {
        if (!refreshing.add(deviceId)) {
            return;
        }
        try {
            refresher.execute(() -> {
                try {
                    lookUp(deviceId);
                } catch (RuntimeException e) {
                    LOG.warn("device {} could not be looked up again; its last answer stands", deviceId, e);
                } finally {
                    refreshing.remove(deviceId);
                }
            });
        } catch (RejectedExecutionException stopping) {
            refreshing.remove(deviceId);
        }
    }

    private Entry lookUp(String deviceId) {
        Device device = read(deviceId.trim());
        Entry entry = new Entry(device, clock.getAsLong() + (device == null ? UNKNOWN_NANOS : KNOWN_NANOS));
        if (cache.size() > KEPT) {
            cache.clear();
        }
        cache.put(deviceId, entry);
        return entry;
    }

    private Device read(String deviceId) {
        Optional<Point> point = points.find(deviceId);
        if (point.isEmpty()) {
            String owner = points.serialOwners(List.of(deviceId)).get(deviceId);
            point = owner == null ? Optional.empty() : points.find(owner);
        }
        return point.map(p -> new Device(p, p.hasCredentials() ? points.credentials(p.code()).orElse(null) : null))
                .orElse(null);
    }
}

package org.sharpeyes.hub.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.sharpeyes.hub.registry.DeviceCredentials;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointStore;

/**
 * Finds the point a device names itself by: its point code, or the vendor serial registered on a point. Answers are
 * kept briefly (unknown devices more briefly), since every message and every broker login asks.
 */
public final class DeviceDirectory {

    private static final long KNOWN_NANOS = Duration.ofSeconds(30).toNanos();
    private static final long UNKNOWN_NANOS = Duration.ofSeconds(3).toNanos();

    /** A device's point and its credentials (null when none are registered). */
    public record Device(Point point, DeviceCredentials credentials) {
    }

    private record Entry(Device device, long expiresAt) {
    }

    private final PointStore points;
    private final LongSupplier clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public DeviceDirectory(PointStore points) {
        this(points, System::nanoTime);
    }

    DeviceDirectory(PointStore points, LongSupplier clock) {
        this.points = points;
        this.clock = clock;
    }

    public Optional<Device> find(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        Entry entry = cache.get(deviceId);
        if (entry == null || now - entry.expiresAt() > 0) {
            Device device = lookUp(deviceId.trim());
            entry = new Entry(device, now + (device == null ? UNKNOWN_NANOS : KNOWN_NANOS));
            if (cache.size() > 100_000) {
                cache.clear();
            }
            cache.put(deviceId, entry);
        }
        return Optional.ofNullable(entry.device());
    }

    private Device lookUp(String deviceId) {
        Optional<Point> point = points.find(deviceId);
        if (point.isEmpty()) {
            String owner = points.serialOwners(List.of(deviceId)).get(deviceId);
            point = owner == null ? Optional.empty() : points.find(owner);
        }
        return point.map(p -> new Device(p, p.hasCredentials() ? points.credentials(p.code()).orElse(null) : null))
                .orElse(null);
    }
}

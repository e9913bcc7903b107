package org.sharpeyes.hub.gb28181;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.sharpeyes.adapters.gb28181.manscdp.XmlNode;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointCodeRules;
import org.sharpeyes.hub.registry.PointDraft;
import org.sharpeyes.hub.registry.PointStatus;
import org.sharpeyes.hub.registry.PointStore;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns devices' catalogs into points. A catalog answer comes in fragments (an NVR with thousands of channels sends
 * a few dozen items per MESSAGE): they are gathered per device and SN until SumNum items are in, or until no fragment
 * has come for a while, and then written in one go on the blocking executor: a channel already registered is updated
 * (name, type, region, position, stream address), a new one inserted, and each one's status set from the item's. What
 * names no point, or a region the hub does not have, is counted and logged with the reason. Channels of a device that
 * goes offline go offline with it.
 */
final class GbCatalogs {

    private static final Logger LOG = LoggerFactory.getLogger(GbCatalogs.class);
    private static final long QUIET_MILLIS = 5_000;

    /** What one catalog did, for logs and tests. */
    record Outcome(String deviceId, int items, int inserted, int updated, List<String> skipped) {
    }

    private final PointStore points;
    private final Supplier<RegionTree> regions;
    private final Executor blocking;
    private final EventLoop loop;
    private final Clock clock;
    private final Counter skippedItems;
    private final Map<String, Gathering> gathering = new HashMap<>();
    private final Map<String, Set<String>> channelsByDevice = new ConcurrentHashMap<>();
    private final List<Consumer<Outcome>> watchers = new CopyOnWriteArrayList<>();

    GbCatalogs(PointStore points, Supplier<RegionTree> regions, Executor blocking, EventLoop loop,
            Clock clock, MeterRegistry metrics) {
        this.points = points;
        this.regions = regions;
        this.blocking = blocking;
        this.loop = loop;
        this.clock = clock;
        this.skippedItems = Counter.builder("gb28181_catalog_items_skipped_total")
                .description("Catalog items that became no point (not a camera, bad code, unknown region)")
                .register(metrics);
    }

    /** Told of each catalog written (on the blocking executor). */
    void watch(Consumer<Outcome> watcher) {
        watchers.add(watcher);
    }

    /** The channel codes a device's last catalog named. */
    Set<String> channels(String deviceId) {
        return channelsByDevice.getOrDefault(deviceId, Set.of());
    }

    /** A Catalog response fragment from {@code device}; called on the SIP event loop. */
    void fragment(GbDevice device, XmlNode response) {
        String key = device.id() + "|" + response.at("SN");
        Gathering one = gathering.computeIfAbsent(key, k -> new Gathering(device.id(), key));
        one.expected = Math.max(one.expected, number(response.at("SumNum")));
        XmlNode list = response.child("DeviceList");
        if (list != null) {
            for (XmlNode item : list.all("Item")) {
                CatalogChannel channel = CatalogChannel.of(device.id(), item);
                one.items.put(channel.code(), channel);
            }
        }
        if (one.quiet != null) {
            one.quiet.cancel(false);
        }
        if (one.items.size() >= one.expected) {
            finish(one);
        } else {
            one.quiet = loop.schedule(() -> finish(one), QUIET_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Marks the channels of a device that went offline offline too. */
    void deviceOffline(GbDevice device) {
        Set<String> codes = channels(device.id());
        if (codes.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, Instant> lastSeen = new HashMap<>();
        codes.forEach(code -> lastSeen.put(code, now));
        blocking.execute(() -> points.markOffline(lastSeen));
    }

    private void finish(Gathering one) {
        if (gathering.remove(one.key) != one) {
            return;
        }
        if (one.items.size() < one.expected) {
            LOG.warn("GB/T 28181 catalog of {}: {} of {} items came; writing those", one.deviceId, one.items.size(),
                    one.expected);
        }
        List<CatalogChannel> items = new ArrayList<>(one.items.values());
        blocking.execute(() -> write(one.deviceId, items));
    }

    private void write(String deviceId, List<CatalogChannel> items) {
        RegionTree tree = regions.get();
        List<String> skipped = new ArrayList<>();
        Map<String, PointDraft> drafts = new LinkedHashMap<>();
        Map<String, PointStatus> statuses = new HashMap<>();
        for (CatalogChannel item : items) {
            Optional<String> why = item.notAPoint();
            Optional<Region> region = why.isPresent() ? Optional.empty() : item.region(tree);
            if (why.isEmpty() && region.isEmpty()) {
                why = Optional.of("no region of the hub matches civil code \"" + item.civilCode() + "\"");
            }
            PointDraft draft = why.isPresent() ? null : item.draft(region.get());
            if (draft != null) {
                why = PointCodeRules.check(item.code(), draft.type(), region.get());
            }
            if (why.isPresent()) {
                skipped.add(item.code() + ": " + why.get());
                continue;
            }
            drafts.put(item.code(), draft);
            statuses.put(item.code(), item.on() ? PointStatus.ONLINE : PointStatus.OFFLINE);
        }
        int inserted = 0;
        int updated = 0;
        try {
            Set<String> existing = points.existingCodes(drafts.keySet());
            List<PointDraft> fresh = new ArrayList<>();
            for (PointDraft draft : drafts.values()) {
                if (!existing.contains(draft.code())) {
                    fresh.add(draft);
                    continue;
                }
                Point stored = points.find(draft.code()).orElse(null);
                if (stored != null && points.update(merged(stored, draft))) {
                    updated++;
                }
            }
            if (!fresh.isEmpty()) {
                points.insertAll(fresh);
                inserted = fresh.size();
            }
            points.updateStatuses(statuses, clock.instant());
            channelsByDevice.put(deviceId, Set.copyOf(drafts.keySet()));
        } catch (RuntimeException e) {
            LOG.warn("GB/T 28181 catalog of {} could not be written: {}", deviceId, e.toString());
            return;
        }
        skippedItems.increment(skipped.size());
        if (!skipped.isEmpty()) {
            LOG.info("GB/T 28181 catalog of {}: {} items named no point, e.g. {}", deviceId, skipped.size(),
                    skipped.get(0));
        }
        LOG.info("GB/T 28181 catalog of {}: {} items, {} points added, {} updated", deviceId, items.size(), inserted,
                updated);
        Outcome outcome = new Outcome(deviceId, items.size(), inserted, updated, List.copyOf(skipped));
        watchers.forEach(watcher -> watcher.accept(outcome));
    }

    /** The catalog's fields over the stored point's; what the catalog does not know (source, serial …) is kept. */
    private static PointDraft merged(Point stored, PointDraft catalog) {
        return new PointDraft(stored.code(), catalog.name(), catalog.type(), catalog.regionCode(), stored.source(),
                catalog.lat() != null ? catalog.lat() : stored.lat(), catalog.lon() != null ? catalog.lon()
                        : stored.lon(), catalog.streamUrl(), stored.onvifUrl(), null, null,
                catalog.vendor() != null ? catalog.vendor() : stored.vendor(), stored.installedAt(), stored.serial());
    }

    private static int number(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The fragments of one answer gathered so far. */
    private static final class Gathering {
        final String deviceId;
        final String key;
        final Map<String, CatalogChannel> items = new LinkedHashMap<>();
        int expected;
        ScheduledFuture<?> quiet;

        Gathering(String deviceId, String key) {
            this.deviceId = deviceId;
            this.key = key;
        }
    }
}

package org.sharpeyes.hub.registry;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where points live. Implementations encrypt device credentials at rest. */
public interface PointStore {

    /** Inserts all drafts in one transaction: all of them, or none when any fails. */
    void insertAll(List<PointDraft> drafts);

    /** Opens a transaction for inserting in several steps; nothing is kept unless it is committed. */
    Writer writer();

    /** One open transaction of inserts; closing it rolls back whatever was not committed. */
    interface Writer extends AutoCloseable {
        void insert(List<PointDraft> drafts);

        void commit();

        void rollback();

        @Override
        void close();
    }

    /** Which of {@code codes} are registered. */
    Set<String> existingCodes(Collection<String> codes);

    /** The registered owners of {@code serials}: serial → point code. */
    Map<String, String> serialOwners(Collection<String> serials);

    /** ONVIF address → code of the point registered with it, for the addresses that are. */
    Map<String, String> onvifOwners(Collection<String> onvifUrls);

    Optional<Point> find(String code);

    /** Replaces a point's editable fields; false when there is no such point. */
    boolean update(PointDraft draft);

    boolean delete(String code);

    Page<Point> search(PointQuery query);

    /** Moves every stream address that starts with {@code from} to start with {@code to}; returns how many moved. */
    int moveStreamAddresses(String from, String to);

    /** Every point with a position in a region subtree ({@code null}: everywhere), by code. */
    List<PointPosition> positions(String regionCode);

    /** Points of {@code types} with a position inside the box around ({@code lat}, {@code lon}), at most {@code limit}. */
    List<Point> within(double lat, double lon, double latSpan, double lonSpan, Set<PointType> types, int limit);

    /** Records a probe's or pull's verdict; false when there is no such point. */
    boolean updateStatus(String code, PointStatus status, Instant seenAt);

    /** Records many verdicts at once; {@code seenAt} is stored as last seen for the ONLINE ones. */
    void updateStatuses(Map<String, PointStatus> statuses, Instant seenAt);

    /** Marks points offline, each last seen at the time given (unless it was stored as seen later). */
    void markOffline(Map<String, Instant> lastSeen);

    /** A point a prober can check: code, stream address, stored status and last-seen time, ONVIF address (or null). */
    record ProbeTarget(String code, String streamUrl, PointStatus status, Instant lastSeen, String onvifUrl) {
    }

    /** Point code → ONVIF device address of every point with video that has one. */
    Map<String, String> onvifAddresses();

    /** Up to {@code limit} points with video and a stream or ONVIF address, in code order after {@code afterCode}. */
    List<ProbeTarget> probeTargets(String afterCode, int limit);

    /** How many points {@link #probeTargets} walks through. */
    long countProbeTargets();

    RegionStats stats(String regionCode);

    Optional<DeviceCredentials> credentials(String code);

    long count();

    /**
     * Marks OFFLINE every ONLINE point of {@code types} last seen before {@code silentSince}; returns how many. Devices
     * that report by themselves (gates, recognizers, alarm boxes) are offline when they fall silent.
     */
    int markSilentOffline(java.util.Set<PointType> types, Instant silentSince);
}

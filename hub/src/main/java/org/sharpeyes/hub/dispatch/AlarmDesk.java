package org.sharpeyes.hub.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Severity;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.events.StoredEvent;
import org.sharpeyes.hub.registry.Page;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointStore;
import org.sharpeyes.hub.registry.PointType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarm linkage and escalation. A one-key alarm (or a watch-list face match) raises an alarm at the point's village
 * and township centers and opens its linked cameras on their main walls; unacknowledged after
 * {@code dispatch.escalateSeconds}, it is raised at the county too. A device CANCEL closes the point's open alarm;
 * a drill is raised and shown as a drill but never escalated. State lives in the database and survives restarts.
 */
public final class AlarmDesk {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmDesk.class);
    /** How far to look for cameras around an alarm point that has no configured links. */
    static final double LINK_RADIUS_METERS = 500;
    static final int MAX_LINKED = 4;
    private static final Set<PointType> CAMERAS = EnumSet.of(PointType.CAMERA, PointType.PTZ_CAMERA);

    /** Why an operator's action on an alarm was refused. */
    public static final class Refused extends RuntimeException {
        private final boolean notFound;

        Refused(boolean notFound, String message) {
            super(message, null, false, false);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    private final AlarmStore store;
    private final PointStore points;
    private final CenterDirectory centers;
    private final Walls walls;
    private final AuditLog audit;
    private final DispatchNotices notices;
    private final Clock clock;
    private final Duration escalateAfter;
    private final Map<String, Alarm> unescalated = new ConcurrentHashMap<>();
    /** Repeats counted and not written yet, by alarm id; guarded by this desk. */
    private final Map<String, Integer> unwrittenRepeats = new LinkedHashMap<>();

    public AlarmDesk(javax.sql.DataSource dataSource, PointStore points, CenterDirectory centers, Walls walls,
            AuditLog audit, DispatchNotices notices, Clock clock, Duration escalateAfter) {
        this.store = new AlarmStore(dataSource);
        this.points = points;
        this.centers = centers;
        this.walls = walls;
        this.audit = audit;
        this.notices = notices;
        this.clock = clock;
        this.escalateAfter = escalateAfter;
        for (Alarm alarm : store.unclosed()) {
            if (escalates(alarm)) {
                unescalated.put(alarm.id(), alarm);
            }
        }
    }

    private static boolean escalates(Alarm alarm) {
        return alarm.state() == AlarmState.OPEN && !alarm.drill() && alarm.escalatedAt() == null
                && "CRITICAL".equals(alarm.severity());
    }

    /**
     * Called with each batch of newly stored events (on the ingest's notifier thread). Repeats of an open alarm are
     * counted in memory and written by {@link #writeRepeats}: a button held down, or a device that keeps sending, costs
     * one commit a second, not one per batch or per message.
     */
    public void onEvents(List<StoredEvent> events) {
        Repeats repeats = new Repeats();
        for (StoredEvent event : events) {
            try {
                if (event.type() == EventType.ONE_KEY_ALARM) {
                    if ("CANCEL".equals(String.valueOf(event.attributes().get("alarmType")))) {
                        repeats.forget(event.pointCode());
                        cancel(event);
                    } else {
                        raise(event, repeats);
                    }
                } else if (event.type() == EventType.FACE_MATCH && event.severity() == Severity.CRITICAL) {
                    raise(event, repeats);
                }
            } catch (RuntimeException e) {
                LOG.error("alarm linkage failed for event {} of point {}", event.id(), event.pointCode(), e);
            }
        }
        if (!repeats.counts.isEmpty()) {
            synchronized (this) {
                repeats.counts.forEach((alarm, count) -> unwrittenRepeats.merge(alarm, count, Integer::sum));
            }
        }
    }

    /**
     * Writes the repeats counted since the last write; run every second, before alarms are read and at stop. A
     * failure keeps them for the next try.
     */
    public synchronized void writeRepeats() {
        if (unwrittenRepeats.isEmpty()) {
            return;
        }
        try {
            store.repeated(unwrittenRepeats);
            unwrittenRepeats.clear();
        } catch (RuntimeException e) {
            LOG.error("counting repeats of alarms {} failed; trying again later", unwrittenRepeats.keySet(), e);
        }
    }

    /** Within one batch: which alarm is open for a point and kind, and how many repeats each alarm got. */
    private static final class Repeats {
        private final Map<String, String> open = new HashMap<>();
        private final Map<String, Integer> counts = new LinkedHashMap<>();

        private static String key(String pointCode, String kind, boolean drill) {
            return pointCode + '|' + kind + '|' + drill;
        }

        void forget(String pointCode) {
            open.keySet().removeIf(key -> key.startsWith(pointCode + '|'));
        }
    }

    private synchronized void raise(StoredEvent event, Repeats repeats) {
        boolean drill = Boolean.TRUE.equals(event.attributes().get("drill"));
        String key = Repeats.key(event.pointCode(), event.type().name(), drill);
        String known = repeats.open.get(key);
        if (known == null) {
            // A button pressed again, or a device repeating itself, while its alarm is open adds to that alarm:
            // one alarm per point on the walls, never a storm of them.
            for (Alarm open : store.unclosedAt(event.pointCode())) {
                if (open.kind().equals(event.type().name()) && open.drill() == drill) {
                    known = open.id();
                    break;
                }
            }
        }
        if (known != null) {
            repeats.open.put(key, known);
            repeats.counts.merge(known, 1, Integer::sum);
            return;
        }
        List<String> at = raisingCenters(event.regionCode());
        if (at.isEmpty()) {
            LOG.warn("alarm at point {} has no center above region {}", event.pointCode(), event.regionCode());
            return;
        }
        Point point = points.find(event.pointCode()).orElse(null);
        List<String> linked = linkedCameras(point);
        Alarm alarm = new Alarm(event.id(), event.id(), event.type().name(), event.pointCode(), event.regionCode(),
                event.severity().name(), AlarmState.OPEN, drill, false, at, linked,
                event.imageRefs().isEmpty() ? null : event.imageRefs().get(0), describe(event, point),
                OffsetDateTime.now(clock), null, null, null, null, null, null, 0);
        // Walls and notices first: the event behind the alarm is stored already, and every commit waits its turn
        // behind the ingest's, so the centers should not wait for the alarm's own rows.
        for (String center : at) {
            if (!linked.isEmpty()) {
                walls.showAlarm(center, linked, alarm.id());
            }
        }
        announce("raised", alarm);
        save(alarm, true, null, null, AuditAction.ALARM_RAISED, (drill ? "drill " : "") + alarm.kind() + " at "
                + String.join(", ", at) + "; cameras " + linked);
        if (escalates(alarm)) {
            unescalated.put(alarm.id(), alarm);
        }
        repeats.open.put(key, alarm.id());
    }

    /**
     * Writes an alarm (new, changed, or null when only a note is added), its note and the audit line in one
     * transaction: one commit, since under ingest load each commit waits for the ingest's own.
     */
    private void save(Alarm alarm, boolean isNew, AlarmNote note, Operator actor, AuditAction action, String detail) {
        store.inTransaction(connection -> {
            if (isNew) {
                store.insert(connection, alarm);
            } else {
                store.update(connection, alarm);
            }
            if (note != null) {
                store.note(connection, alarm.id(), note);
            }
            audit.record(connection, actor == null ? null : actor.username(), actor == null ? null
                    : actor.centerCode(), action, alarm.pointCode(), alarm.regionCode(), detail);
        });
    }

    /** The village (if any) and township centers above a region; the county only when there is nothing below it. */
    private List<String> raisingCenters(String regionCode) {
        List<Center> chain = centers.above(regionCode);
        List<String> codes = new ArrayList<>();
        for (Center center : chain) {
            if (center.tier() != Tier.COUNTY) {
                codes.add(center.code());
            }
        }
        if (codes.isEmpty() && !chain.isEmpty()) {
            codes.add(chain.get(chain.size() - 1).code());
        }
        return codes;
    }

    private List<String> linkedCameras(Point point) {
        if (point == null) {
            return List.of();
        }
        List<String> configured = store.links(point.code());
        if (!configured.isEmpty()) {
            return configured;
        }
        if (point.lat() == null || point.lon() == null) {
            return List.of();
        }
        double latSpan = LINK_RADIUS_METERS / 111_320.0;
        double lonSpan = LINK_RADIUS_METERS / (111_320.0 * Math.max(0.01, Math.cos(Math.toRadians(point.lat()))));
        return points.within(point.lat(), point.lon(), latSpan, lonSpan, CAMERAS, 500).stream()
                .map(camera -> Map.entry(camera.code(), meters(point, camera)))
                .filter(entry -> entry.getValue() <= LINK_RADIUS_METERS)
                .sorted(Map.Entry.comparingByValue()).limit(MAX_LINKED).map(Map.Entry::getKey).toList();
    }

    private static double meters(Point a, Point b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon()) * Math.cos(Math.toRadians((a.lat() + b.lat()) / 2));
        return 6_371_000 * Math.sqrt(dLat * dLat + dLon * dLon);
    }

    private static String describe(StoredEvent event, Point point) {
        StringBuilder text = new StringBuilder(point == null ? event.pointCode() : point.name());
        for (String key : List.of("alarmType", "description", "personName", "watchlist", "similarity")) {
            Object value = event.attributes().get(key);
            if (value != null) {
                text.append("; ").append(key).append(' ').append(value);
            }
        }
        return text.toString();
    }

    private synchronized void cancel(StoredEvent event) {
        for (Alarm alarm : store.unclosedAt(event.pointCode())) {
            Alarm closed = with(alarm, AlarmState.CLOSED, true, alarm.centers(), alarm.escalatedAt(), alarm.ackedBy(),
                    alarm.ackedCenter(), alarm.ackedAt(), null, OffsetDateTime.now(clock));
            unescalated.remove(alarm.id());
            announce("cancelled", closed);
            save(closed, false, new AlarmNote(closed.closedAt(), "device", null, "CANCEL",
                    "the alarm device sent CANCEL"), null, AuditAction.ALARM_CANCELLED, "alarm " + alarm.id()
                            + " cancelled by the device");
        }
    }

    /** Raises every alarm that has waited past the escalation time at the county; run every second. */
    public void escalateOverdue() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (Alarm waiting : List.copyOf(unescalated.values())) {
            if (waiting.raisedAt().plus(escalateAfter).isAfter(now)) {
                continue;
            }
            try {
                escalate(waiting.id(), now);
            } catch (RuntimeException e) {
                LOG.error("escalating alarm {} failed; it is tried again", waiting.id(), e);
            }
        }
    }

    private synchronized void escalate(String id, OffsetDateTime now) {
        Alarm alarm = store.find(id).orElse(null);
        unescalated.remove(id);
        if (alarm == null || !escalates(alarm)) {
            return;
        }
        List<Center> chain = centers.above(alarm.regionCode());
        Center county = chain.isEmpty() ? null : chain.get(chain.size() - 1);
        List<String> at = new ArrayList<>(alarm.centers());
        if (county != null && !at.contains(county.code())) {
            at.add(county.code());
        }
        Alarm escalated = with(alarm, alarm.state(), alarm.cancelled(), at, now, null, null, null, null, null);
        if (county != null && !alarm.linkedPoints().isEmpty()) {
            walls.showAlarm(county.code(), alarm.linkedPoints(), alarm.id());
        }
        announce("escalated", escalated);
        save(escalated, false, null, null, AuditAction.ALARM_ESCALATED, "alarm " + id + " not acknowledged within "
                + escalateAfter.toSeconds() + " s; raised at " + (county == null ? "no county" : county.code()));
    }

    /** Acknowledges an open alarm, which stops its escalation. */
    public synchronized Alarm acknowledge(Operator operator, String id, String comment) {
        Alarm alarm = visible(operator, id);
        if (alarm.state() != AlarmState.OPEN) {
            throw new Refused(false, "alarm " + id + " is already " + alarm.state().name().toLowerCase()
                    + (alarm.ackedBy() == null ? "" : " (acknowledged by " + alarm.ackedBy() + ")"));
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        Alarm acked = with(alarm, AlarmState.ACKNOWLEDGED, alarm.cancelled(), alarm.centers(), alarm.escalatedAt(),
                operator.username(), operator.centerCode(), now, null, null);
        save(acked, false, new AlarmNote(now, operator.username(), operator.centerCode(), "ACK", comment), operator,
                AuditAction.ALARM_ACK, "alarm " + id + (comment == null ? "" : ": " + comment));
        unescalated.remove(id);
        announce("acknowledged", acked);
        return acked;
    }

    public synchronized Alarm comment(Operator operator, String id, String text) {
        Alarm alarm = visible(operator, id);
        save(alarm, false, new AlarmNote(OffsetDateTime.now(clock), operator.username(), operator.centerCode(),
                "COMMENT", text), operator, AuditAction.ALARM_COMMENT, "alarm " + id + ": " + text);
        announce("commented", alarm);
        return alarm;
    }

    public synchronized Alarm close(Operator operator, String id, String comment) {
        Alarm alarm = visible(operator, id);
        if (alarm.state() == AlarmState.CLOSED) {
            throw new Refused(false, "alarm " + id + " is already closed");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        Alarm closed = with(alarm, AlarmState.CLOSED, alarm.cancelled(), alarm.centers(), alarm.escalatedAt(),
                alarm.ackedBy(), alarm.ackedCenter(), alarm.ackedAt(), operator.username(), now);
        save(closed, false, new AlarmNote(now, operator.username(), operator.centerCode(), "CLOSE", comment), operator,
                AuditAction.ALARM_CLOSED, "alarm " + id + (comment == null ? "" : ": " + comment));
        unescalated.remove(id);
        announce("closed", closed);
        return closed;
    }

    /** The alarm with its notes, when {@code operator} may see it. */
    public Alarm visible(Operator operator, String id) {
        writeRepeats();
        return store.find(id).filter(alarm -> operator.centerCode() == null || alarm.isRaisedAt(operator.centerCode())
                || operator.scope().covers(alarm.regionCode()))
                .orElseThrow(() -> new Refused(true, "no alarm " + id + " for your center"));
    }

    public List<AlarmNote> notes(String id) {
        return store.notes(id);
    }

    /**
     * The alarms raised at the operator's center, or with {@code subtree} every alarm in their region; a hub-wide
     * administrator sees all.
     */
    public Page<Alarm> list(Operator operator, boolean subtree, AlarmState state, int page, int size) {
        writeRepeats();
        if (operator.centerCode() == null) {
            return store.search(null, null, state, page, size);
        }
        return subtree ? store.search(null, operator.centerCode(), state, page, size)
                : store.search(operator.centerCode(), null, state, page, size);
    }

    /** The cameras an alarm point opens; empty means "the nearest ones". */
    public List<String> links(String alarmPoint) {
        return store.links(alarmPoint);
    }

    public void setLinks(Operator operator, Point alarmPoint, List<String> cameras) {
        store.setLinks(alarmPoint.code(), cameras);
        audit.record(operator, AuditAction.ALARM_LINKS, alarmPoint.code(), alarmPoint.regionCode(),
                "linked cameras " + cameras);
    }

    private void announce(String what, Alarm alarm) {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("type", "alarm");
        notice.put("event", what);
        notice.put("alarm", alarm);
        for (String center : alarm.centers()) {
            notices.send(center, notice);
        }
    }

    private static Alarm with(Alarm a, AlarmState state, boolean cancelled, List<String> centers,
            OffsetDateTime escalatedAt, String ackedBy, String ackedCenter, OffsetDateTime ackedAt, String closedBy,
            OffsetDateTime closedAt) {
        return new Alarm(a.id(), a.eventId(), a.kind(), a.pointCode(), a.regionCode(), a.severity(), state, a.drill(),
                cancelled, List.copyOf(centers), a.linkedPoints(), a.snapshot(), a.detail(), a.raisedAt(), escalatedAt,
                ackedBy, ackedCenter, ackedAt, closedBy, closedAt, a.repeats());
    }

    /** Alarms waiting for escalation, for tests and metrics. */
    public int waitingForEscalation() {
        return unescalated.size();
    }
}

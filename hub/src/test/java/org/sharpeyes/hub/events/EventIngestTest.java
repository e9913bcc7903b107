package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.adapters.event.DeviceAdapters;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.hub.api.Json;
import org.sharpeyes.hub.registry.CredentialCipher;
import org.sharpeyes.hub.registry.JdbcPointStore;
import org.sharpeyes.hub.registry.JdbcRegionStore;
import org.sharpeyes.hub.registry.PointDraft;
import org.sharpeyes.hub.registry.Page;
import org.sharpeyes.hub.registry.PointType;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionKind;
import org.sharpeyes.hub.registry.SourceSystem;
import org.sharpeyes.hub.testing.TestDatabase;

/**
 * The ingest on a real H2 file: an urgent message (a one-key alarm) is stored and announced ahead of a backlog, in a
 * batch of its own; a message is acknowledged only once a crash can no longer take its event away.
 */
class EventIngestTest {

    private static final String GATE = "51012201011410000001";
    private static final String BOX = "51012201011340000001";

    @TempDir
    Path dir;

    @Test
    void storesAnAlarmAheadOfTheBacklogQueuedBeforeIt() throws Exception {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.H2, dir)) {
            JdbcPointStore points = gateAndAlarmBox(db);
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            AtomicInteger gatePassesBeforeAlarm = new AtomicInteger(-1);
            AtomicInteger gatePasses = new AtomicInteger();
            AtomicInteger alarmBatch = new AtomicInteger(-1);
            AtomicLong acknowledged = new AtomicLong();
            int backlog = 15_000;
            try (EventIngest ingest = new EventIngest(DeviceAdapters.standard(DeviceTimes.CHINA, 0.8),
                    new DeviceDirectory(points, Runnable::run), new JdbcEventStore(db.database().dataSource(),
                    Json.MAPPER), points, new ImageStore(dir.resolve("images"), 1 << 20, metrics), Clock.systemUTC(),
                    metrics)) {
                ingest.addListener(events -> {
                    for (StoredEvent event : events) {
                        if (event.type() == EventType.ONE_KEY_ALARM) {
                            gatePassesBeforeAlarm.set(gatePasses.get());
                            alarmBatch.set(events.size());
                        } else {
                            gatePasses.incrementAndGet();
                        }
                    }
                });
                for (int i = 0; i < backlog; i++) {
                    ingest.submit(new EventIngest.Message("devices/gate/" + GATE + "/event", utf8("{\"eventId\":\"g-"
                            + i + "\",\"event\":\"PASS\",\"plate\":\"川A" + String.format("%05d", i) + "\"}"),
                            acknowledged::incrementAndGet));
                }
                ingest.submit(new EventIngest.Message("devices/alarm/" + BOX + "/sos", utf8("{\"alarmId\":\"sos-1\","
                        + "\"alarmType\":\"SOS\"}"), acknowledged::incrementAndGet, true));

                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.get() == backlog + 1);
                assertThat(gatePassesBeforeAlarm.get()).as("gate passes announced before the alarm")
                        .isBetween(0, backlog / 2);
                assertThat(gatePasses.get()).isEqualTo(backlog);
                assertThat(alarmBatch.get()).as("events stored with the alarm: it takes no gate passes along")
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void acknowledgesAMessageOnlyOnceTheCommitOfItsEventIsWrittenOut() throws Exception {
        int passes = 3_000;
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.H2, dir)) {
            JdbcPointStore points = gateAndAlarmBox(db);
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            WriteOutCounting store = new WriteOutCounting(new JdbcEventStore(db.database().dataSource(), Json.MAPPER));
            Map<String, Integer> acknowledgedAfter = new ConcurrentHashMap<>();
            try (EventIngest ingest = new EventIngest(DeviceAdapters.standard(DeviceTimes.CHINA, 0.8),
                    new DeviceDirectory(points, Runnable::run), store, points, new ImageStore(dir.resolve("images"),
                    1 << 20, metrics), Clock.systemUTC(), metrics)) {
                for (int i = 0; i < passes; i++) {
                    String id = "g-" + i;
                    ingest.submit(new EventIngest.Message("devices/gate/" + GATE + "/event", utf8("{\"eventId\":\""
                            + id + "\",\"event\":\"PASS\"}"), () -> acknowledgedAfter.put(id, store.writeOuts.get())));
                }
                ingest.submit(new EventIngest.Message("devices/alarm/" + BOX + "/sos", utf8("{\"alarmId\":\"sos-1\","
                        + "\"alarmType\":\"SOS\"}"), () -> acknowledgedAfter.put("sos-1", store.writeOuts.get()), true));
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledgedAfter.size() == passes + 1);
            }
            assertThat(acknowledgedAfter).allSatisfy((id, writeOuts) -> assertThat(writeOuts)
                    .as("write-outs done when %s was acknowledged, against when it was stored", id)
                    .isGreaterThan(store.storedAfter.get(id)));
            assertThat(store.count()).isEqualTo(passes + 1);
        }
    }

    /** The real store, noting how many write-outs were done when each event was stored. */
    private static final class WriteOutCounting implements EventStore {
        private final EventStore store;
        private final AtomicInteger writeOuts = new AtomicInteger();
        private final Map<String, Integer> storedAfter = new ConcurrentHashMap<>();

        WriteOutCounting(EventStore store) {
            this.store = store;
        }

        @Override
        public List<StoredEvent> store(List<StoredEvent> events, List<DeadLetter> deadLetters) {
            List<StoredEvent> fresh = store.store(events, deadLetters);
            events.forEach(event -> storedAfter.put(event.deviceEventId(), writeOuts.get()));
            return fresh;
        }

        @Override
        public void writeOut() {
            store.writeOut();
            writeOuts.incrementAndGet();
        }

        @Override
        public Page<StoredEvent> search(EventQuery query) {
            return store.search(query);
        }

        @Override
        public Optional<StoredEvent> find(String id) {
            return store.find(id);
        }

        @Override
        public List<Long> perHour(String regionPrefix, java.time.OffsetDateTime from, int hours) {
            return store.perHour(regionPrefix, from, hours);
        }

        @Override
        public Page<DeadLetter> deadLetters(int page, int size) {
            return store.deadLetters(page, size);
        }

        @Override
        public long count() {
            return store.count();
        }

        @Override
        public Optional<String> lastDialect(String pointCode) {
            return store.lastDialect(pointCode);
        }
    }

    /** A township with a barrier gate and a one-key alarm box. */
    private static JdbcPointStore gateAndAlarmBox(TestDatabase db) {
        new JdbcRegionStore(db.database().dataSource()).insertAll(List.of(
                new Region("510122", "演示县", RegionKind.COUNTY, null),
                new Region("510122001", "东升街道", RegionKind.TOWNSHIP, "510122")));
        JdbcPointStore points = new JdbcPointStore(db.database().dataSource(), new CredentialCipher(new byte[32]));
        points.insertAll(List.of(
                new PointDraft(GATE, "东门道闸", PointType.BARRIER_GATE, "510122001", SourceSystem.COMMUNITY, null,
                        null, null, null, null, null, null, null, null),
                new PointDraft(BOX, "一键报警", PointType.ONE_KEY_ALARM, "510122001", SourceSystem.SHARP_EYES, null,
                        null, null, null, null, null, null, null, null)));
        return points;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

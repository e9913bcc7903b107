package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Severity;
import org.sharpeyes.hub.registry.JdbcRegionStore;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionKind;
import org.sharpeyes.hub.testing.TestDatabase;

/** Storing events on H2 and PostgreSQL: each (point, device event id) once, whether repeated in a batch or later. */
class JdbcEventStoreTest {

    private static final String GATE = "51012200011410000001";
    private static final String OTHER_GATE = "51012200011410000002";
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.ofHours(8));

    @TempDir
    Path dir;

    private static StoredEvent event(String deviceEventId) {
        return event(deviceEventId, GATE, "gate.json");
    }

    private static StoredEvent event(String deviceEventId, String point, String dialect) {
        return new StoredEvent(UUID.randomUUID().toString(), deviceEventId, EventType.VEHICLE_PASS, point,
                "510122001", dialect, NOW, NOW, Severity.INFO, Map.of("plate", "川A12345"), List.of());
    }

    private static JdbcEventStore open(TestDatabase db) {
        new JdbcRegionStore(db.database().dataSource()).insertAll(List.of(
                new Region("510122", "演示县", RegionKind.COUNTY, null),
                new Region("510122001", "东升街道", RegionKind.TOWNSHIP, "510122")));
        return new JdbcEventStore(db.database().dataSource(), new ObjectMapper().registerModule(
                new JavaTimeModule()));
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void storesARedeliveredBatchOnlyForItsNewEvents(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            JdbcEventStore store = open(db);
            List<StoredEvent> first = List.of(event("e1"), event("e2"), event("e3"));
            assertThat(store.store(first, List.of())).hasSize(3);

            List<StoredEvent> second = List.of(event("e2"), event("e4"), event("e3"), event("e5"));
            List<StoredEvent> fresh = store.store(second, List.of(new DeadLetter(UUID.randomUUID().toString(),
                    "devices/gate/x/event", "gate.json", DeadLetterReason.UNREADABLE, "plate", "not a plate",
                    new byte[] {1, 2}, 2, NOW)));

            assertThat(fresh).extracting(StoredEvent::deviceEventId).containsExactly("e4", "e5");
            assertThat(store.count()).isEqualTo(5);
            assertThat(store.deadLetters(1, 10).total()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void storesAnEventRepeatedWithinOneBatchOnce(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            JdbcEventStore store = open(db);
            List<StoredEvent> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batch.add(event("same-" + (i % 10)));
            }
            assertThat(store.store(batch, List.of())).hasSize(10);
            assertThat(store.store(batch, List.of())).isEmpty();
            assertThat(store.count()).isEqualTo(10);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void treatsDeviceEventIdsAlikeInTheirFirst128CharactersAsOne(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            JdbcEventStore store = open(db);
            String stem = "x".repeat(128);
            assertThat(store.store(List.of(event(stem + "a"), event(stem + "b")), List.of())).hasSize(1);
            assertThat(store.store(List.of(event(stem + "c"), event("other")), List.of()))
                    .extracting(StoredEvent::deviceEventId).containsExactly("other");
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void knowsTheDialectEachGateSpokeLastAcrossBatches(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            JdbcEventStore store = open(db);
            assertThat(store.lastDialect(GATE)).isEmpty();

            store.store(List.of(event("a1", GATE, "gate.json"), event("b1", OTHER_GATE, "gate.json")), List.of());
            store.store(List.of(event("a2", GATE, "gate.json"), event("a3", GATE, "gate.alarminfoplate")), List.of());

            assertThat(store.lastDialect(GATE)).contains("gate.alarminfoplate");
            assertThat(store.lastDialect(OTHER_GATE)).contains("gate.json");
            store.store(List.of(event("a4", GATE, "gate.json")), List.of());
            assertThat(store.lastDialect(GATE)).contains("gate.json");
            assertThat(new JdbcEventStore(db.database().dataSource(), new ObjectMapper()).lastDialect(GATE))
                    .as("as a restarted hub reads it").contains("gate.json");
        }
    }

    /** Found by the README's tour (#22): a gate pushing plates over ISAPI could no longer be opened. */
    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void aGateThatAlsoPushesPlatesInAnotherDialectIsStillCommandedInItsOwn(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            JdbcEventStore store = open(db);
            store.store(List.of(event("p0", GATE, "plate.isapi")), List.of());
            assertThat(store.lastDialect(GATE)).as("plates alone say nothing of its commands").isEmpty();
            store.store(List.of(event("a1", GATE, "gate.json"), event("p1", GATE, "plate.isapi")), List.of());
            store.store(List.of(event("p2", GATE, "plate.isapi")), List.of());
            assertThat(store.lastDialect(GATE)).contains("gate.json");

            execute(db, "DELETE FROM point_dialect");

            assertThat(store.lastDialect(GATE)).as("found among its events").contains("gate.json");
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void findsAGatesDialectWithoutReadingItsEvents(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            JdbcEventStore store = open(db);
            store.store(List.of(event("a1", GATE, "gate.alarminfoplate")), List.of());

            execute(db, "DELETE FROM device_event");

            assertThat(store.lastDialect(GATE)).contains("gate.alarminfoplate");
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void findsTheDialectOfAGateSilentSinceBeforeDialectsWereKeptApart(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            JdbcEventStore store = open(db);
            store.store(List.of(event("a1", GATE, "gate.alarminfoplate")), List.of());

            execute(db, "DELETE FROM point_dialect");

            assertThat(store.lastDialect(GATE)).contains("gate.alarminfoplate");
            assertThat(store.lastDialect(OTHER_GATE)).isEmpty();
        }
    }

    private static void execute(TestDatabase db, String sql) throws Exception {
        try (var connection = db.database().dataSource().getConnection();
                var statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}

package org.sharpeyes.hub.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sharpeyes.hub.auth.JdbcOperatorStore;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.registry.JdbcRegionStore;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionDirectory;
import org.sharpeyes.hub.registry.RegionKind;
import org.sharpeyes.hub.testing.TestDatabase;

/** The dispatch tables on H2 and on the machine's PostgreSQL: the same SQL must behave the same on both. */
class DispatchStoresTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static RegionDirectory county(TestDatabase db) {
        JdbcRegionStore regions = new JdbcRegionStore(db.database().dataSource());
        regions.insertAll(List.of(new Region("510122", "演示县", RegionKind.COUNTY, null),
                new Region("510122001", "东升街道", RegionKind.TOWNSHIP, "510122"),
                new Region("510122001001", "红星村", RegionKind.VILLAGE, "510122001"),
                new Region("510122001001901", "红星小学", RegionKind.SCHOOL, "510122001001")));
        return new RegionDirectory(regions);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void givesEveryCenterLevelRegionItsCenterAndKeepsRenames(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            RegionDirectory regions = county(db);
            CenterDirectory centers = new CenterDirectory(db.database().dataSource(), regions);
            assertThat(centers.list(null)).extracting(Center::code).containsExactly("510122", "510122001",
                    "510122001001");
            assertThat(centers.find("510122001001901")).isEmpty();
            assertThat(centers.above("510122001001901")).extracting(Center::tier).containsExactly(Tier.VILLAGE,
                    Tier.TOWNSHIP, Tier.COUNTY);
            centers.rename("510122001", "东升街道综治中心（新）");
            CenterDirectory reread = new CenterDirectory(db.database().dataSource(), regions);
            assertThat(reread.find("510122001")).map(Center::name).hasValue("东升街道综治中心（新）");
            assertThat(reread.parentOf(reread.find("510122001001").orElseThrow())).map(Center::code)
                    .hasValue("510122001");
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void keepsWallsAndTheirTilesAcrossARestart(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            new CenterDirectory(db.database().dataSource(), county(db)).list(null);
            Walls walls = new Walls(db.database().dataSource());
            Wall main = walls.of("510122001").get(0);
            walls.layout(main.id(), 9);
            walls.tile(main.id(), Tile.tour(3, List.of("51012200011320000001", "51012200011320000002"), 10));
            walls.place("510122001", "51012200011320000009", null, "510122", true);

            Walls reread = new Walls(db.database().dataSource());
            Wall again = reread.find(main.id()).orElseThrow();
            assertThat(again.layout()).isEqualTo(9);
            assertThat(again.tile(3).tour()).containsExactly("51012200011320000001", "51012200011320000002");
            assertThat(again.tile(1).pushedBy()).isEqualTo("510122");
            assertThat(again.tile(1).ptzGranted()).isTrue();
            assertThat(reread.grant("510122001", "51012200011320000009")).isPresent();
            assertThat(reread.grant("510122001", "51012200011320000002")).as("a tour the center set itself").isEmpty();
            assertThat(reread.grant("510122001001", "51012200011320000009")).isEmpty();
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void storesAlarmsTheirNotesAndFindsThemByCenter(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            county(db);
            AlarmStore store = new AlarmStore(db.database().dataSource());
            Alarm alarm = new Alarm("a-1", "a-1", "ONE_KEY_ALARM", "51012200011340000001", "510122001001901",
                    "CRITICAL", AlarmState.OPEN, false, false, List.of("510122001001", "510122001"),
                    List.of("51012200011320000001"), null, "红星小学一键报警", T0, null, null, null, null, null, null, 0);
            store.inTransaction(connection -> store.insert(connection, alarm));
            assertThat(store.search("510122001", null, AlarmState.OPEN, 1, 10).items()).extracting(Alarm::id)
                    .containsExactly("a-1");
            assertThat(store.search("51012200", null, null, 1, 10).total()).as("a center code is not a prefix")
                    .isZero();
            store.inTransaction(connection -> store.update(connection, new Alarm("a-1", "a-1", "ONE_KEY_ALARM", "51012200011340000001", "510122001001901",
                    "CRITICAL", AlarmState.ACKNOWLEDGED, false, false, List.of("510122001001", "510122001", "510122"),
                    alarm.linkedPoints(), null, alarm.detail(), T0, T0.plusSeconds(60), "county-op", "510122",
                    T0.plusSeconds(61), null, null, 0)));
            store.repeated(java.util.Map.of("a-1", 2));
            store.inTransaction(connection -> store.note(connection, "a-1", new AlarmNote(T0.plusSeconds(61),
                    "county-op", "510122", "ACK", "已派警")));
            Alarm reread = store.find("a-1").orElseThrow();
            assertThat(reread.state()).isEqualTo(AlarmState.ACKNOWLEDGED);
            assertThat(reread.repeats()).isEqualTo(2);
            assertThat(reread.centers()).containsExactly("510122001001", "510122001", "510122");
            assertThat(reread.escalatedAt().toInstant()).isEqualTo(T0.plusSeconds(60).toInstant());
            assertThat(store.unclosed()).hasSize(1);
            assertThat(store.notes("a-1")).extracting(AlarmNote::text).containsExactly("已派警");
            store.setLinks("51012200011340000001", List.of("51012200011320000003", "51012200011320000002"));
            assertThat(store.links("51012200011340000001")).containsExactly("51012200011320000002",
                    "51012200011320000003");
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void readsTheAuditLogOfASubtreeNewestFirst(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            county(db);
            AuditLog audit = new AuditLog(db.database().dataSource());
            audit.record(new Operator("village-op", "510122001001", Role.OPERATOR), AuditAction.WALL_TILE, "1/1",
                    "510122001001", "x");
            audit.record(new Operator("county-op", "510122", Role.OPERATOR), AuditAction.PUSH, "p",
                    "510122001001", "to village");
            audit.record(new Operator("other-op", "510122002", Role.OPERATOR), AuditAction.LOGIN, "other-op",
                    "510122002", null);
            assertThat(audit.search("510122001", null, null, 1, 10).items()).extracting(AuditEntry::username)
                    .containsExactly("county-op", "village-op");
            assertThat(audit.search(null, null, AuditAction.LOGIN, 1, 10).total()).isEqualTo(1);
            assertThat(audit.search(null, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1), null, 1, 10).total())
                    .isZero();
            assertThat(audit.search(null, null, null, 2, 2).items()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void locksAnOperatorAtTheFailureLimitAndAPasswordChangeUnlocks(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            county(db);
            JdbcOperatorStore operators = new JdbcOperatorStore(db.database().dataSource());
            operators.insert(new Operator("op", "510122001", Role.OPERATOR), "hash");
            Instant until = Instant.now().plus(15, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            assertThat(operators.recordFailedLogin("op", 3, until)).isEqualTo(1);
            assertThat(operators.recordFailedLogin("op", 3, until)).isEqualTo(2);
            assertThat(operators.find("op").orElseThrow().lockedAt(Instant.now())).isFalse();
            assertThat(operators.recordFailedLogin("op", 3, until)).isZero();
            assertThat(operators.find("op").orElseThrow().lockedAt(Instant.now())).isTrue();
            assertThat(operators.recordFailedLogin("nobody", 3, until)).isZero();
            operators.updatePassword("op", "hash2");
            assertThat(operators.find("op").orElseThrow().lockedAt(Instant.now())).isFalse();
            operators.recordFailedLogin("op", 3, until);
            operators.clearFailedLogins("op");
            assertThat(operators.find("op").orElseThrow().failedLogins()).isZero();
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void keepsTheNewestShareOfAPointPerCenter(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.open(kind, dir)) {
            county(db);
            Shares shares = new Shares(db.database().dataSource());
            shares.share("p1", "510122001001", "510122001", "village-op", "first");
            shares.share("p1", "510122001001", "510122001", "village-op", "again");
            shares.share("p2", "510122001001", "510122001", "village-op", null);
            assertThat(shares.sharedWith("510122001")).extracting(Share::pointCode).containsExactlyInAnyOrder("p1",
                    "p2");
            assertThat(shares.sharedWith("510122001")).filteredOn(s -> s.pointCode().equals("p1"))
                    .extracting(Share::note).containsExactly("again");
            assertThat(shares.sharedWith("510122")).isEmpty();
        }
    }
}

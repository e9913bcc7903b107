package org.sharpeyes.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sharpeyes.hub.db.Jdbc;
import org.sharpeyes.hub.db.StoreException;
import org.sharpeyes.hub.testing.TestDatabase;

/** The point store on H2 and on the machine's PostgreSQL: the same SQL must behave the same on both. */
class JdbcPointStoreTest {

    @TempDir
    Path dir;

    private static final List<Region> REGIONS = List.of(
            new Region("510122", "演示县", RegionKind.COUNTY, null),
            new Region("510122001", "东升街道", RegionKind.TOWNSHIP, "510122"),
            new Region("510122002", "九江街道", RegionKind.TOWNSHIP, "510122"),
            new Region("510122001001", "红星村", RegionKind.VILLAGE, "510122001"));

    private record Fixture(TestDatabase db, JdbcPointStore store) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
        }
    }

    private Fixture open(TestDatabase.Kind kind) {
        TestDatabase db = TestDatabase.open(kind, dir);
        new JdbcRegionStore(db.database().dataSource()).insertAll(REGIONS);
        byte[] key = new byte[32];
        key[0] = 7;
        return new Fixture(db, new JdbcPointStore(db.database().dataSource(), new CredentialCipher(key)));
    }

    private static PointDraft camera(String region, int serial, SourceSystem source, String name) {
        String code = "510122" + region.substring(7, 9) + "01" + "132" + "0" + String.format("%06d", serial);
        return new PointDraft(code, name, PointType.CAMERA, region, source, 30.5, 103.9, "rtsp://10.0.0.1/" + serial,
                null, "admin", "secret-" + serial, "HIKVISION", LocalDate.of(2024, 1, 2), "SN" + serial);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void storesAndReadsBackEveryField(TestDatabase.Kind kind) {
        try (Fixture f = open(kind)) {
            PointDraft draft = camera("510122001001", 1, SourceSystem.SHARP_EYES, "红星村路口");
            f.store().insertAll(List.of(draft));
            Point point = f.store().find(draft.code()).orElseThrow();
            assertThat(point).extracting(Point::code, Point::name, Point::type, Point::regionCode, Point::source,
                    Point::lat, Point::lon, Point::streamUrl, Point::vendor, Point::installedAt, Point::serial,
                    Point::status, Point::hasCredentials)
                    .containsExactly(draft.code(), "红星村路口", PointType.CAMERA, "510122001001", SourceSystem.SHARP_EYES,
                            30.5, 103.9, "rtsp://10.0.0.1/1", "HIKVISION", LocalDate.of(2024, 1, 2), "SN1",
                            PointStatus.UNKNOWN, true);
            assertThat(point.createdAt()).isCloseTo(Instant.now(), within());
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void encryptsCredentialsAtRest(TestDatabase.Kind kind) {
        try (Fixture f = open(kind)) {
            PointDraft draft = camera("510122001", 2, SourceSystem.SKYNET, "路口");
            f.store().insertAll(List.of(draft));
            List<String> raw = new ArrayList<>();
            Jdbc.query(f.db().database().dataSource(), "SELECT username_enc, password_enc FROM point", s -> { },
                    rows -> {
                        raw.add(rows.getString(1));
                        raw.add(rows.getString(2));
                    });
            assertThat(raw).allSatisfy(value -> assertThat(value).startsWith("v1:").doesNotContain("secret"));
            assertThat(f.store().credentials(draft.code())).contains(new DeviceCredentials("admin", "secret-2"));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void searchesBySubtreeTypeSourceStatusAndTextWithPaging(TestDatabase.Kind kind) {
        try (Fixture f = open(kind)) {
            List<PointDraft> drafts = new ArrayList<>();
            for (int i = 1; i <= 25; i++) {
                drafts.add(camera(i % 2 == 0 ? "510122001001" : "510122002", i,
                        i % 5 == 0 ? SourceSystem.SKYNET : SourceSystem.WISE_EYE, i == 7 ? "Market_50%东门" : "路口" + i));
            }
            f.store().insertAll(drafts);
            f.store().updateStatus(drafts.get(1).code(), PointStatus.ONLINE, Instant.now());

            Page<Point> township = f.store().search(new PointQuery("510122001", null, null, null, null, 1, 5));
            assertThat(township.total()).isEqualTo(12);
            assertThat(township.items()).hasSize(5).extracting(Point::regionCode).containsOnly("510122001001");
            Page<Point> lastPage = f.store().search(new PointQuery("510122001", null, null, null, null, 3, 5));
            assertThat(lastPage.items()).hasSize(2);
            assertThat(f.store().search(new PointQuery("510122001", null, null, null, null, 4, 5)).items()).isEmpty();
            assertThat(f.store().search(new PointQuery(null, null, SourceSystem.SKYNET, null, null, 1, 50)).total())
                    .isEqualTo(5);
            assertThat(f.store().search(new PointQuery(null, null, null, PointStatus.ONLINE, null, 1, 50)).items())
                    .extracting(Point::code).containsExactly(drafts.get(1).code());
            assertThat(f.store().search(new PointQuery(null, null, null, null, "market_50%", 1, 50)).items())
                    .extracting(Point::name).containsExactly("Market_50%东门");
            assertThat(f.store().search(new PointQuery(null, null, null, null, "50%x", 1, 50)).total()).isZero();
            assertThat(f.store().search(new PointQuery(null, null, null, null, drafts.get(3).code().substring(12), 1,
                    50)).items()).extracting(Point::code).contains(drafts.get(3).code());
            assertThat(f.store().search(new PointQuery(null, PointType.BARRIER_GATE, null, null, null, 1, 50)).total())
                    .isZero();
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void listsOnlyTheCamerasWithAnOnvifAddress(TestDatabase.Kind kind) {
        try (Fixture f = open(kind)) {
            PointDraft plain = camera("510122001001", 11, SourceSystem.SHARP_EYES, "plain");
            PointDraft onvif = camera("510122001001", 12, SourceSystem.SHARP_EYES, "onvif");
            PointDraft withOnvif = new PointDraft(onvif.code(), onvif.name(), onvif.type(), onvif.regionCode(),
                    onvif.source(), onvif.lat(), onvif.lon(), onvif.streamUrl(), "http://10.0.0.12/onvif/device_service",
                    onvif.username(), onvif.password(), onvif.vendor(), onvif.installedAt(), onvif.serial());
            f.store().insertAll(List.of(plain, withOnvif));
            assertThat(f.store().onvifAddresses()).containsExactly(java.util.Map.entry(onvif.code(),
                    "http://10.0.0.12/onvif/device_service"));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void marksSilentDevicesOfTheGivenTypesOffline(TestDatabase.Kind kind) {
        try (Fixture f = open(kind)) {
            PointDraft camera = camera("510122001", 1, SourceSystem.SKYNET, "camera");
            PointDraft gate = new PointDraft("51012201011410000002", "gate", PointType.BARRIER_GATE, "510122001",
                    SourceSystem.COMMUNITY, null, null, null, null, null, null, null, null, null);
            PointDraft alarm = new PointDraft("51012201011340000003", "alarm", PointType.ONE_KEY_ALARM, "510122001",
                    SourceSystem.COMMUNITY, null, null, null, null, null, null, null, null, null);
            f.store().insertAll(List.of(camera, gate, alarm));
            Instant now = Instant.now();
            f.store().updateStatus(camera.code(), PointStatus.ONLINE, now.minusSeconds(3_600));
            f.store().updateStatus(gate.code(), PointStatus.ONLINE, now.minusSeconds(3_600));
            f.store().updateStatus(alarm.code(), PointStatus.ONLINE, now.minusSeconds(10));
            int marked = f.store().markSilentOffline(java.util.EnumSet.of(PointType.BARRIER_GATE,
                    PointType.ONE_KEY_ALARM), now.minusSeconds(300));
            assertThat(marked).isEqualTo(1);
            assertThat(f.store().find(gate.code()).orElseThrow().status()).isEqualTo(PointStatus.OFFLINE);
            assertThat(f.store().find(alarm.code()).orElseThrow().status()).as("heard from lately")
                    .isEqualTo(PointStatus.ONLINE);
            assertThat(f.store().find(camera.code()).orElseThrow().status()).as("cameras are probed instead")
                    .isEqualTo(PointStatus.ONLINE);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void countsPointsAndOnlineRateBySubtree(TestDatabase.Kind kind) {
        try (Fixture f = open(kind)) {
            List<PointDraft> drafts = List.of(camera("510122001001", 1, SourceSystem.SKYNET, "a"),
                    camera("510122001", 2, SourceSystem.SKYNET, "b"), camera("510122001", 3, SourceSystem.WISE_EYE, "c"),
                    camera("510122002", 4, SourceSystem.WISE_EYE, "d"));
            f.store().insertAll(drafts);
            f.store().updateStatus(drafts.get(0).code(), PointStatus.ONLINE, Instant.now());
            f.store().updateStatus(drafts.get(1).code(), PointStatus.OFFLINE, Instant.now());
            RegionStats stats = f.store().stats("510122001");
            assertThat(stats.all()).isEqualTo(new RegionStats.Counts(3, 1, 1, 1));
            assertThat(stats.all().onlineRate()).isEqualTo(1.0 / 3);
            assertThat(stats.bySource().get(SourceSystem.SKYNET)).isEqualTo(new RegionStats.Counts(2, 1, 1, 0));
            assertThat(stats.byType().get(PointType.CAMERA).points()).isEqualTo(3);
            assertThat(f.store().stats("510122").all().points()).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void updatesKeepCredentialsUnlessGivenAndDeletesRemove(TestDatabase.Kind kind) {
        try (Fixture f = open(kind)) {
            PointDraft draft = camera("510122001", 5, SourceSystem.SKYNET, "old");
            f.store().insertAll(List.of(draft));
            PointDraft renamed = new PointDraft(draft.code(), "new", PointType.CAMERA, "510122001001",
                    SourceSystem.SKYNET, null, null, null, null, null, null, null, null, null);
            assertThat(f.store().update(renamed)).isTrue();
            Point point = f.store().find(draft.code()).orElseThrow();
            assertThat(point.name()).isEqualTo("new");
            assertThat(point.regionCode()).isEqualTo("510122001001");
            assertThat(point.lat()).isNull();
            assertThat(f.store().credentials(draft.code())).contains(new DeviceCredentials("admin", "secret-5"));
            PointDraft cleared = new PointDraft(draft.code(), "new", PointType.CAMERA, "510122001001",
                    SourceSystem.SKYNET, null, null, null, null, "", "", null, null, null);
            f.store().update(cleared);
            assertThat(f.store().find(draft.code()).orElseThrow().hasCredentials()).isFalse();
            assertThat(f.store().delete(draft.code())).isTrue();
            assertThat(f.store().find(draft.code())).isEmpty();
            assertThat(f.store().delete(draft.code())).isFalse();
        }
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(TestDatabase.Kind.class)
    void refusesDuplicateCodesAndSerialsAsAWholeBatch(TestDatabase.Kind kind) {
        try (Fixture f = open(kind)) {
            PointDraft first = camera("510122001", 6, SourceSystem.SKYNET, "a");
            f.store().insertAll(List.of(first));
            PointDraft other = camera("510122001", 7, SourceSystem.SKYNET, "b");
            PointDraft sameSerial = new PointDraft(camera("510122001", 8, SourceSystem.SKYNET, "c").code(), "c",
                    PointType.CAMERA, "510122001", SourceSystem.SKYNET, null, null, null, null, null, null, null, null,
                    "SN6");
            assertThatThrownBy(() -> f.store().insertAll(List.of(other, first)))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isUniqueViolation()).isTrue());
            assertThatThrownBy(() -> f.store().insertAll(List.of(sameSerial)))
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isUniqueViolation()).isTrue());
            assertThat(f.store().count()).isEqualTo(1);
            assertThat(f.store().existingCodes(List.of(first.code(), other.code()))).isEqualTo(Set.of(first.code()));
            assertThat(f.store().serialOwners(List.of("SN6", "SN7"))).containsOnlyKeys("SN6");
        }
    }

    private static org.assertj.core.data.TemporalUnitOffset within() {
        return new org.assertj.core.data.TemporalUnitWithinOffset(1, ChronoUnit.MINUTES);
    }
}

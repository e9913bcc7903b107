package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.registry.CredentialCipher;
import org.sharpeyes.hub.registry.DeviceCredentials;
import org.sharpeyes.hub.registry.JdbcPointStore;
import org.sharpeyes.hub.registry.JdbcRegionStore;
import org.sharpeyes.hub.registry.PointDraft;
import org.sharpeyes.hub.registry.PointType;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionKind;
import org.sharpeyes.hub.registry.SourceSystem;
import org.sharpeyes.hub.testing.TestDatabase;

/** Finding devices by code or serial on a real H2 file, with the directory's clock and refresher in the test's hands. */
class DeviceDirectoryTest {

    private static final String GATE = "51012200011410000001";

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong();
    private final Queue<Runnable> refreshes = new ArrayDeque<>();

    private static PointDraft gate(String password, String serial) {
        return new PointDraft(GATE, "东门道闸", PointType.BARRIER_GATE, "510122001", SourceSystem.COMMUNITY, null, null,
                null, null, "gate", password, null, null, serial);
    }

    private JdbcPointStore points(TestDatabase db) {
        new JdbcRegionStore(db.database().dataSource()).insertAll(List.of(
                new Region("510122", "演示县", RegionKind.COUNTY, null),
                new Region("510122001", "东升街道", RegionKind.TOWNSHIP, "510122")));
        return new JdbcPointStore(db.database().dataSource(), new CredentialCipher(new byte[32]));
    }

    private DeviceDirectory directory(JdbcPointStore points) {
        return new DeviceDirectory(points, refreshes::add, now::get);
    }

    private void pass(Duration time) {
        now.addAndGet(time.toNanos());
    }

    @Test
    void answersAKnownDeviceFromMemoryAndReadsItAgainInTheBackgroundOnceItsAnswerLapses() {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.H2, dir)) {
            JdbcPointStore points = points(db);
            points.insertAll(List.of(gate("old-secret", "SN-1")));
            DeviceDirectory devices = directory(points);
            assertThat(devices.find("SN-1")).get().extracting(DeviceDirectory.Device::credentials)
                    .isEqualTo(new DeviceCredentials("gate", "old-secret"));

            points.update(gate("new-secret", "SN-1"));
            pass(Duration.ofSeconds(29));
            assertThat(devices.find("SN-1").orElseThrow().credentials().password()).isEqualTo("old-secret");
            assertThat(refreshes).as("nothing lapsed yet").isEmpty();

            pass(Duration.ofSeconds(2));
            assertThat(devices.find("SN-1").orElseThrow().credentials().password())
                    .as("the lapsed answer, given without waiting for the database").isEqualTo("old-secret");
            assertThat(devices.find("SN-1")).isPresent();
            assertThat(refreshes).as("one read of the database however often it is asked meanwhile").hasSize(1);

            refreshes.remove().run();
            assertThat(devices.find("SN-1").orElseThrow().credentials().password()).isEqualTo("new-secret");
            assertThat(refreshes).isEmpty();
        }
    }

    @Test
    void forgetsADeletedDeviceAfterTheBackgroundReadFindsItGone() {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.H2, dir)) {
            JdbcPointStore points = points(db);
            points.insertAll(List.of(gate("secret", null)));
            DeviceDirectory devices = directory(points);
            assertThat(devices.find(GATE)).isPresent();

            points.delete(GATE);
            pass(Duration.ofSeconds(31));
            devices.find(GATE);
            refreshes.remove().run();

            assertThat(devices.find(GATE)).isEmpty();
        }
    }

    @Test
    void looksUpAnUnknownDeviceAgainAtOnceWhenItsShortAnswerLapses() {
        try (TestDatabase db = TestDatabase.open(TestDatabase.Kind.H2, dir)) {
            JdbcPointStore points = points(db);
            DeviceDirectory devices = directory(points);
            assertThat(devices.find(GATE)).isEmpty();

            points.insertAll(List.of(gate("secret", null)));
            pass(Duration.ofSeconds(2));
            assertThat(devices.find(GATE)).as("still the remembered answer").isEmpty();
            pass(Duration.ofSeconds(2));

            assertThat(devices.find(GATE)).as("a newly registered device need not wait for a background read")
                    .isPresent();
            assertThat(refreshes).isEmpty();
        }
    }
}

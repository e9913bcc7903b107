package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubProcess;
import org.sharpeyes.hub.testing.Mosquitto;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.sim.device.DevicePublisher;
import org.sharpeyes.sim.device.Dialect;
import org.sharpeyes.sim.device.Scenario;
import org.sharpeyes.sim.device.SimulatedDevice;

/**
 * The packaged hub against an outside Mosquitto (set up as the README says): events queued while the hub is away,
 * a broker restart, and a hub killed with SIGKILL in the middle of a burst lose nothing and store nothing twice.
 */
class ExternalBrokerIT {

    private static final Duration START = Duration.ofSeconds(120);
    private static final String ADMIN_PASSWORD = "admin-secret-1";

    @TempDir
    Path dir;

    private HubProcess startHub(Mosquitto broker) {
        return HubProcess.start("--http.host=127.0.0.1", "--http.port=0", "--rtsp.port=0", "--sip.port=0",
                "--media.probeIntervalSeconds=0", "--mqtt.url=" + broker.url(), "--data.dir=" + dir.resolve("hub"),
                "--auth.adminPassword=" + ADMIN_PASSWORD);
    }

    private static void awaitConnected(HubProcess hub) {
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.output().contains("MQTT: subscribed"));
    }

    private static long stored(ApiClient admin, List<SimulatedDevice> devices) {
        long total = 0;
        for (SimulatedDevice device : devices) {
            ApiClient.Reply reply = admin.get("/api/v1/events?size=1&point=" + device.pointCode());
            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            total += reply.json().get("total").asLong();
        }
        return total;
    }

    @Test
    void queuedEventsABrokerRestartAndAKilledHubLoseNothingAndDoubleNothing() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"))) {
            List<SimulatedDevice> devices = new ArrayList<>();
            long sent = 0;
            HubProcess hub = startHub(broker);
            try {
                ApiClient admin = new ApiClient(hub.awaitHttpBase(START), null).as("admin", ADMIN_PASSWORD);
                SmallCounty.register(admin);
                for (int i = 0; i < 3; i++) {
                    Dialect dialect = i == 2 ? Dialect.ALARM_JSON : Dialect.GATE_JSON;
                    Map<String, Object> point = SmallCounty.device(SmallCounty.TOWNSHIP_1, dialect.isAlarm()
                            ? "ONE_KEY_ALARM" : "BARRIER_GATE", dialect.isAlarm() ? "134" : "141", 700 + i, "d" + i,
                            "pw" + i, null);
                    assertThat(admin.post("/api/v1/points", point).status()).isEqualTo(201);
                    devices.add(new SimulatedDevice((String) point.get("code"), dialect, (String) point.get("code"),
                            "pw" + i));
                }
                awaitConnected(hub);
            } finally {
                hub.terminate();
                hub.awaitExit(START);
                hub.close();
            }

            // While the hub is away, its persistent session queues in the broker; then the broker restarts.
            sent += publish(broker, devices, 2_000, 1);
            broker.restart();

            hub = startHub(broker);
            try {
                ApiClient admin = new ApiClient(hub.awaitHttpBase(START), null).as("admin", ADMIN_PASSWORD);
                long queued = sent;
                await().atMost(Duration.ofSeconds(60)).until(() -> stored(admin, devices) >= queued);
                assertThat(stored(admin, devices)).isEqualTo(queued);

                // A burst, and the hub killed outright part-way through storing it.
                CompletableFuture<Long> burst = CompletableFuture.supplyAsync(() -> publish(broker, devices, 6_000,
                        2));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                        stored(admin, devices) > queued + 300);
                hub.close();
                assertThat(hub.output()).as("killed, not stopped").doesNotContain("hub stopped in");
                sent += burst.join();
            } finally {
                hub.close();
            }
            hub = startHub(broker);
            try {
                ApiClient admin = new ApiClient(hub.awaitHttpBase(START), null).as("admin", ADMIN_PASSWORD);
                long expected = sent;
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                        stored(admin, devices) >= expected);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                        stored(admin, devices) == expected);
            } finally {
                hub.terminate();
                hub.awaitExit(START);
                hub.close();
            }
        }
    }

    /** Publishes {@code steps} normal events and returns how many, once the broker has them all. */
    private static long publish(Mosquitto broker, List<SimulatedDevice> devices, int steps, long seed) {
        try (DevicePublisher publisher = new DevicePublisher(broker.url(), seed)) {
            Scenario.MORNING.playSteps(publisher, devices, steps, new Random(seed));
            publisher.close();
            return publisher.sent().events();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

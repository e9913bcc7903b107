package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.Mosquitto;
import org.sharpeyes.hub.testing.TestHub;

/**
 * The hub tells an operator when an outside broker would lose device events: Mosquitto left at its defaults keeps
 * only 1000 messages for an absent session and forgets sessions when it restarts; one set up as the README says does
 * neither, and the hub stays quiet about it.
 */
class OutsideBrokerSettingsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void warnsAboutABrokerLeftAtItsDefaults() throws Exception {
        try (Mosquitto broker = Mosquitto.startWithDefaults(dir.resolve("broker"));
                TestHub hub = TestHub.start(dir.resolve("hub"), "--mqtt.url=" + broker.url())) {
            await().atMost(WAIT).until(() -> hub.metric("hub_mqtt_broker_queue_kept") >= 0);
            assertThat(hub.metric("hub_mqtt_broker_queue_kept")).as("Mosquitto's default max_queued_messages")
                    .isGreaterThanOrEqualTo(1_000).isLessThan(hub.metric("hub_mqtt_broker_queue_probed"));
            assertThat(hub.metric("hub_mqtt_sessions_lost_total")).isZero();

            broker.restart();
            await().atMost(WAIT).until(() -> hub.metric("hub_mqtt_connections_total") >= 2);
            assertThat(hub.metric("hub_mqtt_sessions_lost_total")).as("no persistence: the session went with it")
                    .isEqualTo(1);
        }
    }

    @Test
    void staysQuietAboutABrokerSetUpAsTheReadmeSaysAcrossItsAndTheHubsRestarts() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"))) {
            try (TestHub hub = TestHub.start(dir.resolve("hub"), "--mqtt.url=" + broker.url())) {
                await().atMost(WAIT).until(() -> hub.metric("hub_mqtt_broker_queue_kept") >= 0);
                assertThat(hub.metric("hub_mqtt_broker_queue_kept"))
                        .isEqualTo(hub.metric("hub_mqtt_broker_queue_probed")).isPositive();
                broker.restart();
                await().atMost(WAIT).until(() -> hub.metric("hub_mqtt_connections_total") >= 2);
                assertThat(hub.metric("hub_mqtt_sessions_lost_total")).isZero();
            }
            try (TestHub hub = TestHub.start(dir.resolve("hub"), "--mqtt.url=" + broker.url())) {
                await().atMost(WAIT).until(() -> hub.metric("hub_mqtt_connections_total") >= 1);
                assertThat(hub.metric("hub_mqtt_sessions_lost_total")).as("the broker kept the session").isZero();
            }
        }
    }

    @Test
    void noticesAtStartThatTheBrokerForgotTheHubsSessionWhileTheHubWasDown() throws Exception {
        try (Mosquitto broker = Mosquitto.startWithDefaults(dir.resolve("broker"))) {
            try (TestHub hub = TestHub.start(dir.resolve("hub"), "--mqtt.url=" + broker.url())) {
                await().atMost(WAIT).until(() -> hub.metric("hub_mqtt_connections_total") >= 1);
            }
            broker.restart();
            try (TestHub hub = TestHub.start(dir.resolve("hub"), "--mqtt.url=" + broker.url())) {
                await().atMost(WAIT).until(() -> hub.metric("hub_mqtt_connections_total") >= 1);
                assertThat(hub.metric("hub_mqtt_sessions_lost_total")).isEqualTo(1);
            }
        }
    }
}

package org.sharpeyes.hub.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells, in the log and in metrics, when the broker would lose device events: it no longer had the hub's persistent
 * session at a reconnection or a restart (no persistence, or sessions expired), or it keeps too few messages for a
 * session that is away (measured once per start by a {@link BrokerQueueProbe}). Broker settings cannot be read by a
 * client, so these are what the hub can tell from outside.
 */
public final class BrokerWatch {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerWatch.class);
    /** More than Mosquitto's default queue (1000) by far, and still a fraction of a second to publish. */
    static final int PROBE_MESSAGES = 5_000;

    private final String url;
    private final Path marker;
    private final BrokerQueueProbe probe;
    private final Counter sessionsLost;
    private final Counter connections;
    private final AtomicInteger kept = new AtomicInteger(-1);
    private boolean connectedBefore;
    private Thread probing;
    private volatile boolean closed;

    /**
     * For an outside broker: its queue is probed once connected, and {@code marker} remembers across restarts that
     * it holds the hub's session.
     */
    public static BrokerWatch outside(String url, String clientId, String username, String password, Path marker,
            MeterRegistry metrics) {
        return new BrokerWatch(url, marker, new BrokerQueueProbe(url, clientId, username, password), metrics);
    }

    /** For the embedded broker, whose settings are the hub's own: the session is checked within this run only. */
    public static BrokerWatch embedded(String url, MeterRegistry metrics) {
        return new BrokerWatch(url, null, null, metrics);
    }

    private BrokerWatch(String url, Path marker, BrokerQueueProbe probe, MeterRegistry metrics) {
        this.url = url;
        this.marker = marker;
        this.probe = probe;
        this.sessionsLost = Counter.builder("hub.mqtt.sessions.lost")
                .description("connections at which the broker no longer had the hub's persistent session")
                .register(metrics);
        this.connections = Counter.builder("hub.mqtt.connections")
                .description("successful connections of the hub's MQTT client to the broker").register(metrics);
        Gauge.builder("hub.mqtt.broker.queue.kept", kept, AtomicInteger::get)
                .description("of hub.mqtt.broker.queue.probed messages published to a session that was away, how many "
                        + "the broker kept (-1: not probed)").register(metrics);
        Gauge.builder("hub.mqtt.broker.queue.probed", () -> probe == null ? 0 : PROBE_MESSAGES)
                .description("messages the start-up probe publishes to a session that is away").register(metrics);
    }

    /** After every successful connection, with the broker's answer whether it still had the hub's session. */
    synchronized void connected(boolean sessionPresent) {
        connections.increment();
        boolean expected = connectedBefore || sameBrokerAsLastRun();
        if (expected && !sessionPresent) {
            sessionsLost.increment();
            LOG.warn("MQTT: the broker at {} no longer had the hub's persistent session, so whatever devices published "
                    + "while the hub was disconnected is lost. Give the broker persistence and no session expiry "
                    + "(Mosquitto: persistence true, persistent_client_expiration unset); see docs/mqtt.md.", url);
        }
        if (!connectedBefore) {
            connectedBefore = true;
            remember();
            if (probe != null) {
                probing = new Thread(this::probeQueue, "mqtt-broker-probe");
                probing.setDaemon(true);
                probing.start();
            }
        }
    }

    private void probeQueue() {
        try {
            int got = probe.kept(PROBE_MESSAGES);
            kept.set(got);
            if (got < PROBE_MESSAGES) {
                LOG.warn("MQTT: the broker at {} kept only {} of {} QoS 1 messages for a persistent session that was "
                        + "away: it will drop device events while the hub restarts or is disconnected. Raise its "
                        + "queue (Mosquitto: max_queued_messages 0, max_queued_bytes 0); see docs/mqtt.md.", url, got,
                        PROBE_MESSAGES);
            } else {
                LOG.info("MQTT: the broker at {} keeps what a persistent session misses ({} of {} probe messages)",
                        url, got, PROBE_MESSAGES);
            }
        } catch (MqttException e) {
            if (closed) {
                return;
            }
            LOG.warn("MQTT: could not probe the broker at {} for its queue limit ({}); make sure it keeps enough for "
                    + "the hub's session (see docs/mqtt.md)", url, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops a probe still running: the hub is stopping. */
    synchronized void close() {
        closed = true;
        if (probing != null) {
            probing.interrupt();
        }
    }

    private boolean sameBrokerAsLastRun() {
        try {
            return marker != null && Files.exists(marker) && Files.readString(marker, StandardCharsets.UTF_8)
                    .strip().equals(url);
        } catch (IOException e) {
            LOG.debug("reading {} failed", marker, e);
            return false;
        }
    }

    private void remember() {
        if (marker == null) {
            return;
        }
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, url, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("MQTT: cannot write {} ({}); a session lost while the hub was down will go unnoticed", marker,
                    e.getMessage());
        }
    }
}

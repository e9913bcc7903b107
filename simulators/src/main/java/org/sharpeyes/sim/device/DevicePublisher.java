package org.sharpeyes.sim.device;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes as simulated devices to a broker, each device over its own connection and login, at QoS 1: normal
 * events, keep-alives, alarm drills, and the faults tests need (malformed bodies, unknown devices, repeats).
 * Counts what it sent of each kind, so a test knows exactly what the hub must have stored.
 */
public final class DevicePublisher implements AutoCloseable {

    /** What was published, by kind. */
    public record Sent(long events, long malformed, long unknownDevice, long repeats) {
    }

    private final String broker;
    private final Payloads payloads;
    private final Map<String, MqttAsyncClient> clients = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong repeats = new AtomicLong();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    public DevicePublisher(String broker, long seed) {
        this.broker = broker;
        this.payloads = new Payloads(seed);
    }

    /** One normal event of {@code device}; returns its event id. */
    public String event(SimulatedDevice device) throws MqttException, InterruptedException {
        String id = nextId();
        publish(device, device.dialect().topic(device.login()), payloads.event(device.dialect(), device.login(), id,
                OffsetDateTime.now()));
        events.incrementAndGet();
        return id;
    }

    /** The same event sent twice, as a device retrying after a lost acknowledgement does; stored once. */
    public void repeated(SimulatedDevice device) throws MqttException, InterruptedException {
        String id = nextId();
        byte[] body = payloads.event(device.dialect(), device.login(), id, OffsetDateTime.now());
        publish(device, device.dialect().topic(device.login()), body);
        publish(device, device.dialect().topic(device.login()), body);
        events.incrementAndGet();
        repeats.incrementAndGet();
    }

    /** A body the device's dialect cannot read. */
    public void malformed(SimulatedDevice device) throws MqttException, InterruptedException {
        publish(device, device.dialect().topic(device.login()), payloads.malformed(device.dialect(), device.login(),
                nextId(), OffsetDateTime.now()));
        malformed.incrementAndGet();
    }

    /**
     * A well-formed event that names a device nobody registered, sent through {@code device}'s connection in the
     * dialects whose body names the device ({@code gate.json}, {@code alarm.json}, GA/T 1400).
     */
    public void unknownDevice(SimulatedDevice device) throws MqttException, InterruptedException {
        String ghost = device.pointCode().substring(0, 14) + "999999";
        byte[] body = payloads.event(device.dialect(), ghost, nextId(), OffsetDateTime.now());
        publish(device, device.dialect().topic(device.login()), body);
        unknown.incrementAndGet();
    }

    /** One alarm-box message of {@code type} ({@code SOS}, {@code TEST}, {@code CANCEL}) with {@code alarmId}. */
    public void alarm(SimulatedDevice box, String alarmId, String type) throws MqttException, InterruptedException {
        publish(box, Dialect.ALARM_JSON.topic(box.login()), payloads.alarm(box.pointCode(), alarmId, type,
                OffsetDateTime.now()));
        events.incrementAndGet();
    }

    /** An alarm drill at a school: a {@code TEST}, an {@code SOS}, then its {@code CANCEL}. */
    public void alarmDrill(SimulatedDevice box) throws MqttException, InterruptedException {
        if (box.dialect() != Dialect.ALARM_JSON) {
            event(box);
            return;
        }
        String topic = box.dialect().topic(box.login());
        publish(box, topic, payloads.alarm(box.pointCode(), nextId(), "TEST", OffsetDateTime.now()));
        String sos = nextId();
        publish(box, topic, payloads.alarm(box.pointCode(), sos, "SOS", OffsetDateTime.now()));
        publish(box, topic, payloads.alarm(box.pointCode(), sos, "CANCEL", OffsetDateTime.now()));
        events.addAndGet(3);
    }

    public Sent sent() {
        return new Sent(events.get(), malformed.get(), unknown.get(), repeats.get());
    }

    private String nextId() {
        return "sim-" + runId + "-" + sequence.incrementAndGet();
    }

    private void publish(SimulatedDevice device, String topic, byte[] body) throws MqttException,
            InterruptedException {
        publishAtLeastOnce(client(device), topic, body);
    }

    /** Publishes at QoS 1, waiting while the client's in-flight window is full rather than failing. */
    public static void publishAtLeastOnce(MqttAsyncClient client, String topic, byte[] body) throws MqttException,
            InterruptedException {
        MqttMessage message = new MqttMessage(body);
        message.setQos(1);
        while (true) {
            try {
                client.publish(topic, message);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                // The window frees when the broker acknowledges the oldest message: wait for exactly that.
                IMqttDeliveryToken[] pending = client.getPendingDeliveryTokens();
                if (pending.length > 0) {
                    pending[0].waitForCompletion(10_000);
                }
            }
        }
    }

    private synchronized MqttAsyncClient client(SimulatedDevice device) throws MqttException {
        MqttAsyncClient client = clients.get(device.login());
        if (client == null) {
            // A device's client id is its own login, as the hub's broker requires.
            client = new MqttAsyncClient(broker, device.login(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName(device.login());
            options.setPassword(device.password().toCharArray());
            options.setMaxInflight(1_000);
            options.setAutomaticReconnect(true);
            client.connect(options).waitForCompletion(10_000);
            clients.put(device.login(), client);
        }
        return client;
    }

    /** Waits until every message has reached the broker, then disconnects. */
    @Override
    public synchronized void close() throws MqttException {
        List<MqttException> failures = new ArrayList<>();
        for (MqttAsyncClient client : clients.values()) {
            try {
                for (IMqttDeliveryToken pending : client.getPendingDeliveryTokens()) {
                    pending.waitForCompletion(30_000);
                }
                client.disconnect().waitForCompletion(5_000);
                client.close();
            } catch (MqttException e) {
                failures.add(e);
            }
        }
        clients.clear();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}

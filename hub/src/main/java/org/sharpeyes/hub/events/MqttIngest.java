package org.sharpeyes.hub.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.sharpeyes.adapters.event.DeviceAdapter;
import org.sharpeyes.adapters.event.DeviceAdapters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's MQTT client (Eclipse Paho, MQTT 3.1.1): a persistent session (clean session off) subscribed at QoS 1 to
 * every dialect's topics, acknowledging each message once it is written in the {@link IngestJournal} (or, when the
 * journal fails, once it is stored); it reconnects by itself and the broker keeps what arrives meanwhile, which the
 * {@link BrokerWatch} checks at every connection. It also republishes every stored event to
 * {@code hub/events/{regionCode}/{type}} at QoS 1.
 */
public final class MqttIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttIngest.class);

    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final List<String> filters;
    private final EventIngest ingest;
    private final IngestJournal journal;
    private final DeviceAdapters adapters;
    private final ScheduledExecutorService scheduler;
    private final Counter republishFailures;
    private final BrokerWatch watch;
    private long retryMillis = FIRST_RETRY_MILLIS;
    private volatile boolean closed;

    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long LAST_RETRY_MILLIS = 10_000;

    public MqttIngest(String url, String clientId, String username, String password, DeviceAdapters adapters,
            EventIngest ingest, IngestJournal journal, ScheduledExecutorService scheduler, MeterRegistry metrics,
            BrokerWatch watch) throws MqttException {
        this.client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        this.ingest = ingest;
        this.journal = journal;
        this.adapters = adapters;
        this.scheduler = scheduler;
        this.filters = adapters.topicFilters();
        this.republishFailures = Counter.builder("hub.events.republish.failures")
                .description("events that could not be republished to hub/events/...").register(metrics);
        options = new MqttConnectOptions();
        options.setCleanSession(false);
        // Reconnecting here rather than in Paho gives each connection's session-present flag to the watch.
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setMaxInflight(1_000);
        if (url.startsWith("tcp://")) {
            options.setSocketFactory(new BufferedSocketFactory());
        }
        if (username != null && !username.isEmpty()) {
            options.setUserName(username);
            options.setPassword(password == null ? new char[0] : password.toCharArray());
        }
        client.setManualAcks(true);
        client.setCallback(new Callback());
        this.watch = watch;
        ingest.addListener(events -> events.forEach(this::republish));
    }

    /** Connects now if it can, else keeps trying in the background: events wait in the broker meanwhile. */
    public void start() {
        connect();
    }

    private synchronized void connect() {
        if (closed || client.isConnected()) {
            return;
        }
        try {
            IMqttToken token = client.connect(options);
            token.waitForCompletion(15_000);
            retryMillis = FIRST_RETRY_MILLIS;
            LOG.info("MQTT: connected to {} as {}{}", client.getServerURI(), client.getClientId(),
                    token.getSessionPresent() ? ", session kept" : ", new session");
            watch.connected(token.getSessionPresent());
        } catch (MqttException e) {
            LOG.warn("MQTT: cannot connect to {} ({}); trying again in {} ms", client.getServerURI(), e.getMessage(),
                    retryMillis);
            scheduleConnect();
        }
    }

    private void scheduleConnect() {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(this::connect, retryMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("MQTT: not reconnecting, the hub is stopping");
        }
        retryMillis = Math.min(LAST_RETRY_MILLIS, retryMillis * 2);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Publishes a command to a device at QoS 1 and waits until the broker has it. */
    public void command(String topic, String payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        client.publish(topic, message).waitForCompletion(10_000);
    }

    private void republish(StoredEvent event) {
        if (!client.isConnected()) {
            republishFailures.increment();
            return;
        }
        try {
            MqttMessage message = new MqttMessage(EventViews.jsonBytes(event));
            message.setQos(1);
            client.publish("hub/events/" + event.regionCode() + "/" + event.type(), message);
        } catch (MqttException e) {
            republishFailures.increment();
            LOG.debug("republishing event {} failed", event.id(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        watch.close();
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(6_000);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT disconnect failed", e);
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close failed", e);
        }
    }

    /** Subscribes on every (re)connection and hands messages to the ingest. */
    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            try {
                int[] qos = new int[filters.size()];
                java.util.Arrays.fill(qos, 1);
                client.subscribe(filters.toArray(String[]::new), qos, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        LOG.info("MQTT: subscribed to {} topic filters at QoS 1", filters.size());
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable error) {
                        LOG.error("MQTT: the broker refused the dialects' subscriptions", error);
                    }
                });
                if (reconnect) {
                    LOG.info("MQTT: reconnected to {}", serverUri);
                }
            } catch (MqttException e) {
                LOG.error("MQTT: subscribing to the dialects' topics failed", e);
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.warn("MQTT: connection to the broker lost ({}); reconnecting", cause == null ? "closed"
                    : cause.getMessage());
            synchronized (MqttIngest.this) {
                scheduleConnect();
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
            int id = message.getId();
            int qos = message.getQos();
            byte[] payload = message.getPayload();
            long written;
            try {
                written = journal.append(topic, payload);
            } catch (IOException e) {
                // Without the journal, the broker keeps the message until it is stored: slower, still safe.
                LOG.error("MQTT: the ingest journal cannot be written; acknowledging after storing instead", e);
                ingest.submit(new EventIngest.Message(topic, payload, () -> acknowledge(id, qos), urgent(topic)));
                return;
            }
            acknowledge(id, qos);
            ingest.submit(new EventIngest.Message(topic, payload, () -> journal.storedQuietly(written),
                    urgent(topic)));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    /** One-key alarms go ahead of the queue: their dialects are the {@code alarm.*} ones. */
    private boolean urgent(String topic) {
        DeviceAdapter adapter = adapters.forTopic(topic);
        return adapter != null && adapter.dialect().startsWith("alarm.");
    }

    private void acknowledge(int id, int qos) {
        if (qos == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException | RuntimeException e) {
            // The broker will deliver it again after a reconnect; de-duplication absorbs the repeat.
            LOG.debug("MQTT: acknowledging message {} failed", id, e);
        }
    }
}

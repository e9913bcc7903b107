package org.sharpeyes.hub.events;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.LoggerFactory;

/**
 * Finds out how many QoS 1 messages a broker keeps for a persistent session while it is away, the way the hub's own
 * session is kept: a probe session subscribes and leaves, {@code count} one-byte messages are published to it, and
 * the probe comes back and counts what it gets. A broker that keeps fewer (Mosquitto's default
 * {@code max_queued_messages 1000}) drops device events whenever the hub is away or restarting.
 */
final class BrokerQueueProbe {

    private static final long TIMEOUT_MILLIS = 10_000;
    private static final long QUIET_MILLIS = 2_000;
    private static final int IN_FLIGHT = 500;
    private static final int WINDOW_RETRIES = 400;

    private final String url;
    private final String clientId;
    private final String username;
    private final String password;

    BrokerQueueProbe(String url, String clientId, String username, String password) {
        this.url = url;
        this.clientId = clientId;
        this.username = username;
        this.password = password;
    }

    /** How many of {@code count} messages published while the probe session was away reached it afterwards. */
    int kept(int count) throws MqttException, InterruptedException {
        String topic = "hub/probe/" + clientId;
        String sink = clientId + "-probe";
        // A fresh client per connection: Paho may still count a client as connected just after its disconnect.
        session(sink, false, null, client -> client.subscribe(topic, 1).waitForCompletion(TIMEOUT_MILLIS));
        publish(topic, count);
        AtomicInteger received = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(count);
        session(sink, false, new Counting(received, all), client -> {
            int before = -1;
            while (!all.await(QUIET_MILLIS, TimeUnit.MILLISECONDS) && received.get() != before) {
                before = received.get();
            }
        });
        // A clean connection removes the probe's session from the broker.
        session(sink, true, null, client -> { });
        return received.get();
    }

    private void session(String id, boolean clean, MqttCallback callback, Work work) throws MqttException,
            InterruptedException {
        MqttAsyncClient client = new MqttAsyncClient(url, id, new MemoryPersistence());
        try {
            if (callback != null) {
                client.setCallback(callback);
            }
            client.connect(options(clean)).waitForCompletion(TIMEOUT_MILLIS);
            work.run(client);
            client.disconnect().waitForCompletion(TIMEOUT_MILLIS);
        } finally {
            release(client);
        }
    }

    /** What to do while connected. */
    private interface Work {
        void run(MqttAsyncClient client) throws MqttException, InterruptedException;
    }

    private void publish(String topic, int count) throws MqttException, InterruptedException {
        MqttAsyncClient source = new MqttAsyncClient(url, clientId + "-probe-source", new MemoryPersistence());
        try {
            MqttConnectOptions options = options(true);
            // Paho frees a slot a little after completing its token: leave room for that.
            options.setMaxInflight(IN_FLIGHT * 2);
            source.connect(options).waitForCompletion(TIMEOUT_MILLIS);
            Deque<IMqttDeliveryToken> pending = new ArrayDeque<>();
            for (int i = 0; i < count; i++) {
                if (pending.size() == IN_FLIGHT) {
                    pending.removeFirst().waitForCompletion(TIMEOUT_MILLIS);
                }
                MqttMessage message = new MqttMessage(new byte[] {1});
                message.setQos(1);
                pending.addLast(send(source, topic, message));
            }
            for (IMqttDeliveryToken token : pending) {
                token.waitForCompletion(TIMEOUT_MILLIS);
            }
            source.disconnect().waitForCompletion(TIMEOUT_MILLIS);
        } finally {
            release(source);
        }
    }

    /**
     * Publishes, waiting a moment when Paho still counts its window full: it frees a slot a little after completing
     * the token, later still on a busy machine (a probe failed so in CI).
     */
    private static IMqttDeliveryToken send(MqttAsyncClient source, String topic, MqttMessage message)
            throws MqttException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return source.publish(topic, message);
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT || attempt == WINDOW_RETRIES) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }
    }

    /** Lets go of a client whatever state a failure left it in, without hiding that failure. */
    private static void release(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1_000, false);
            }
            client.close(true);
        } catch (MqttException e) {
            LoggerFactory.getLogger(BrokerQueueProbe.class).debug("closing probe client {}", client.getClientId(), e);
        }
    }

    private MqttConnectOptions options(boolean clean) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(clean);
        options.setConnectionTimeout(10);
        if (username != null && !username.isEmpty()) {
            options.setUserName(username);
            options.setPassword(password == null ? new char[0] : password.toCharArray());
        }
        return options;
    }

    private record Counting(AtomicInteger received, CountDownLatch all) implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.incrementAndGet();
            all.countDown();
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}

package org.sharpeyes.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The ingest benchmark's yardstick: a persistent QoS 1 Paho subscriber to the benchmark's topics that only counts,
 * in a process of its own like the hub, so that neither shares a JVM with the publishers and each one's CPU can be
 * read. The process prints its count every 20 ms; {@link #start} runs it and reads the count.
 */
final class BareSubscriber implements AutoCloseable {

    private static final String CLIENT_ID = "bench-bare";

    private final Process process;
    private final String url;
    private final AtomicLong received = new AtomicLong();
    private final CountDownLatch subscribed = new CountDownLatch(1);

    private BareSubscriber(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts the subscriber's process against the broker at {@code url} and waits until it has subscribed. */
    static BareSubscriber start(String url) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), BareSubscriber.class.getName(), url).redirectErrorStream(true)
                .start();
        BareSubscriber bare = new BareSubscriber(process, url);
        Thread reader = new Thread(bare::readCounts, "bare-subscriber-output");
        reader.setDaemon(true);
        reader.start();
        if (!bare.subscribed.await(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the bare subscriber did not subscribe within 30 s");
        }
        return bare;
    }

    private void readCounts() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("received ")) {
                    received.set(Long.parseLong(line.substring("received ".length())));
                    subscribed.countDown();
                } else {
                    System.out.println("bare subscriber: " + line);
                }
            }
        } catch (IOException closedAtExit) {
            // the pipe closes when the process stops
        }
    }

    long received() {
        return received.get();
    }

    /** CPU seconds the subscriber's process has used. */
    double cpuSeconds() throws IOException {
        return BenchHub.cpuSeconds(process.pid());
    }

    /**
     * Stops the process and ends its session, so the broker does not go on queueing every message for it while the
     * hub is measured.
     */
    @Override
    public void close() throws InterruptedException, MqttException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        MqttAsyncClient cleaner = EventIngestBench.client(url, CLIENT_ID);
        cleaner.disconnect().waitForCompletion(5_000);
        cleaner.close();
    }

    /** The subscriber itself: connects, subscribes, and prints how many messages it has taken every 20 ms. */
    public static void main(String[] args) throws MqttException {
        AtomicLong received = new AtomicLong();
        MqttAsyncClient client = new MqttAsyncClient(args[0], CLIENT_ID, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setMaxInflight(1_000);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                System.out.println("connection lost: " + cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.incrementAndGet();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new String[] {"devices/gate/+/event", "devices/alarm/+/sos"}, new int[] {1, 1})
                .waitForCompletion(10_000);
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        ticks.scheduleAtFixedRate(() -> System.out.println("received " + received.get()), 0, 20,
                TimeUnit.MILLISECONDS);
    }
}

package org.sharpeyes.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.sharpeyes.sim.device.DevicePublisher;

/** A background of gate passes at a steady rate, round a list of gates, sent on a scheduler every 10 ms. */
final class GateLoad implements AutoCloseable {

    private static final int TICKS_PER_SECOND = 100;

    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "gate-load");
        thread.setDaemon(true);
        return thread;
    });
    private final MqttAsyncClient client;
    private final AtomicLong sent = new AtomicLong();

    private GateLoad(MqttAsyncClient client) {
        this.client = client;
    }

    /** Starts {@code rate} passes per second over {@code gates} through the broker at {@code url}. */
    static GateLoad start(String url, String clientId, List<String> gates, int rate) throws MqttException {
        GateLoad load = new GateLoad(EventIngestBench.client(url, clientId));
        int perTick = Math.max(1, rate / TICKS_PER_SECOND);
        load.ticks.scheduleAtFixedRate(() -> load.tick(gates, perTick), 0, 1_000 / TICKS_PER_SECOND,
                TimeUnit.MILLISECONDS);
        return load;
    }

    private void tick(List<String> gates, int count) {
        try {
            for (int n = 0; n < count; n++) {
                long i = sent.getAndIncrement();
                String code = gates.get((int) (i % gates.size()));
                DevicePublisher.publishAtLeastOnce(client, "devices/gate/" + code + "/event", ("{\"eventId\":\"bg-" + i
                        + "\",\"event\":\"PASS\",\"plate\":\"川B" + String.format("%05d", i % 100_000) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
        } catch (MqttException e) {
            throw new IllegalStateException("the background load could not publish", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Passes sent so far. */
    long sent() {
        return sent.get();
    }

    @Override
    public void close() throws MqttException, InterruptedException {
        ticks.shutdownNow();
        ticks.awaitTermination(5, TimeUnit.SECONDS);
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}

package org.sharpeyes.bench;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.sharpeyes.sim.device.DevicePublisher;

/**
 * Offers mixed gate and alarm events at a rising rate, step by step, and finds the highest rate a consumer keeps up
 * with: a step passes when, as it ends, the consumer is less than half a second's worth of events behind. Between
 * steps the consumer catches up, so each step starts without a backlog. The same harness measures the hub and a bare subscriber.
 */
final class RisingRate {

    private static final int PUBLISHERS = 2;
    private static final int TICKS_PER_SECOND = 100;
    /** A consumer this far behind as a step ends is not keeping up (a bounded lag is latency, not a backlog). */
    private static final double BEHIND_SECONDS = 0.5;

    private final String url;
    private final List<String> codes;
    private final Duration step;

    RisingRate(String url, List<String> codes, Duration step) {
        this.url = url;
        this.codes = codes;
        this.step = step;
    }

    /** One step's figures: offered and consumed per second, and whether the consumer kept up. */
    record Step(int target, double sent, double consumed, boolean kept) {
    }

    /**
     * Runs steps from {@code from}, each {@code growth} times the last (rounded to 100/s), until the consumer falls
     * behind (or {@code upTo}); {@code consumed} reads how many events the consumer has taken so far, and
     * {@code cpuSeconds}, when not null, the CPU time the consumer's process has used. Returns every step, the failing
     * one last.
     */
    List<Step> run(String label, int from, double growth, int upTo, Callable<Long> consumed,
            Callable<Double> cpuSeconds) throws Exception {
        List<Step> steps = new ArrayList<>();
        for (int rate = from; rate <= upTo; rate = Math.max(rate + 100, (int) Math.round(rate * growth / 100) * 100)) {
            long consumedBefore = consumed.call();
            double cpuBefore = cpuSeconds == null ? 0 : cpuSeconds.call();
            long[] sentAndTaken = offer(label + "-" + rate, rate, consumed);
            long sent = sentAndTaken[0];
            long took = sentAndTaken[1] - consumedBefore;
            double seconds = step.toNanos() / 1e9;
            Step result = new Step(rate, sent / seconds, took / seconds, sent - took <= BEHIND_SECONDS * rate);
            steps.add(result);
            String cpu = cpuSeconds == null || took == 0 ? "" : String.format(", %.0f us of CPU per event taken",
                    (cpuSeconds.call() - cpuBefore) / took * 1e6);
            System.out.printf("  %s at %,d/s: sent %,.0f/s, consumed %,.0f/s%s%s%n", label, rate, result.sent(),
                    result.consumed(), cpu, result.kept() ? "" : "  <- falls behind");
            long target = consumedBefore + sent;
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> consumed.call() >= target);
            } catch (ConditionTimeoutException e) {
                System.out.println("  the backlog did not drain within 60 s");
            }
            if (!result.kept()) {
                break;
            }
            if (result.sent() < 0.9 * rate) {
                System.out.printf("  the publishers reach only %,.0f/s on this machine: stopping here%n",
                        result.sent());
                break;
            }
        }
        return steps;
    }

    /** The highest consumed rate of a step that kept up, or 0. */
    static double sustained(List<Step> steps) {
        return steps.stream().filter(Step::kept).mapToDouble(Step::consumed).max().orElse(0);
    }

    /**
     * Publishes at {@code rate} per second for one step from {@link #PUBLISHERS} connections; returns how many were
     * sent and what {@code consumed} read as the step ended.
     */
    private long[] offer(String prefix, int rate, Callable<Long> consumed) throws Exception {
        List<MqttAsyncClient> clients = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            clients.add(EventIngestBench.client(url, "rising-" + prefix + "-" + p));
        }
        ScheduledExecutorService ticks = Executors.newScheduledThreadPool(PUBLISHERS, r -> {
            Thread thread = new Thread(r, "rising-rate");
            thread.setDaemon(true);
            return thread;
        });
        AtomicLong sent = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + step.toNanos();
        for (int p = 0; p < PUBLISHERS; p++) {
            MqttAsyncClient client = clients.get(p);
            int part = p;
            long[] done = {0};
            ticks.scheduleAtFixedRate(() -> {
                try {
                    long elapsed = Math.min(System.nanoTime(), end) - start;
                    long due = (long) (elapsed / 1e9 * rate / PUBLISHERS);
                    for (; done[0] < due; done[0]++) {
                        long i = done[0] * PUBLISHERS + part;
                        publish(client, prefix, i);
                        sent.incrementAndGet();
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, 0, 1_000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
        }
        long taken;
        try {
            await().atMost(step.plusSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> System.nanoTime() >= end || failure.get() != null);
            taken = consumed.call();
        } finally {
            ticks.shutdown();
            ticks.awaitTermination(30, TimeUnit.SECONDS);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        for (MqttAsyncClient client : clients) {
            for (var pending : client.getPendingDeliveryTokens()) {
                pending.waitForCompletion(60_000);
            }
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
        return new long[] {sent.get(), taken};
    }

    private void publish(MqttAsyncClient client, String prefix, long i) throws MqttException, InterruptedException {
        String code = codes.get((int) (i % codes.size()));
        boolean alarm = code.substring(10, 13).equals("134");
        String topic = alarm ? "devices/alarm/" + code + "/sos" : "devices/gate/" + code + "/event";
        String body = alarm ? "{\"alarmId\":\"" + prefix + "-" + i + "\",\"alarmType\":\"TEST\",\"ts\":"
                + System.currentTimeMillis() + "}" : "{\"eventId\":\"" + prefix + "-" + i + "\",\"event\":\"PASS\","
                + "\"direction\":\"IN\",\"plate\":\"川A" + String.format("%05d", i % 100_000) + "\",\"plateColor\":"
                + "\"blue\",\"time\":\"2026-11-23T08:00:00+08:00\"}";
        DevicePublisher.publishAtLeastOnce(client, topic, body.getBytes(StandardCharsets.UTF_8));
    }
}

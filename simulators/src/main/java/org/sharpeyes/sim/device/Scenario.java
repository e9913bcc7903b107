package org.sharpeyes.sim.device;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * What the simulated devices do: a community {@code morning} (gate passes, plate reads, face captures, now and then
 * a watch-list hit), a school {@code drill} (alarm boxes test, raise and cancel), or {@code faults} (a normal morning
 * with malformed bodies, unknown devices and repeats mixed in).
 */
public enum Scenario {
    MORNING, DRILL, FAULTS;

    public static Scenario of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scenario must be morning, drill or faults, got '" + name + "'");
        }
    }

    /**
     * Publishes at {@code rate} messages per second for {@code duration}, spreading them over {@code devices}: a
     * scheduler ticks every 10 ms and each tick publishes what is due by then, so a slow tick is made up by the next.
     */
    public void play(DevicePublisher publisher, List<SimulatedDevice> devices, int rate, Duration duration,
            Random random) throws MqttException, InterruptedException {
        List<SimulatedDevice> boxes = devices.stream().filter(d -> d.dialect().isAlarm()).toList();
        List<SimulatedDevice> others = devices.stream().filter(d -> !d.dialect().isAlarm()).toList();
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "scenario-" + name().toLowerCase(Locale.ROOT));
            thread.setDaemon(true);
            return thread;
        });
        CompletableFuture<Void> finished = new CompletableFuture<>();
        long start = System.nanoTime();
        long[] done = {0};
        ticks.scheduleAtFixedRate(() -> {
            try {
                long elapsed = Math.min(System.nanoTime() - start, duration.toNanos());
                long due = (long) (elapsed / 1e9 * Math.max(1, rate));
                for (; done[0] < due; done[0]++) {
                    step(publisher, random, boxes, others, devices);
                }
                if (elapsed >= duration.toNanos()) {
                    finished.complete(null);
                }
            } catch (Exception | Error e) {
                finished.completeExceptionally(e);
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        try {
            finished.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MqttException mqtt) {
                throw mqtt;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("the scenario stopped: " + e.getCause(), e.getCause());
        } finally {
            ticks.shutdownNow();
        }
    }

    /** Publishes {@code steps} steps as fast as the broker takes them (tests, benchmarks). */
    public void playSteps(DevicePublisher publisher, List<SimulatedDevice> devices, int steps, Random random)
            throws MqttException, InterruptedException {
        List<SimulatedDevice> boxes = devices.stream().filter(d -> d.dialect().isAlarm()).toList();
        List<SimulatedDevice> others = devices.stream().filter(d -> !d.dialect().isAlarm()).toList();
        for (int i = 0; i < steps; i++) {
            step(publisher, random, boxes, others, devices);
        }
    }

    private void step(DevicePublisher publisher, Random random, List<SimulatedDevice> boxes,
            List<SimulatedDevice> others, List<SimulatedDevice> all) throws MqttException, InterruptedException {
        switch (this) {
            case MORNING -> publisher.event(pick(others.isEmpty() ? all : others, random));
            case DRILL -> publisher.alarmDrill(pick(boxes.isEmpty() ? all : boxes, random));
            case FAULTS -> {
                SimulatedDevice device = pick(all, random);
                int dice = random.nextInt(20);
                if (dice == 0) {
                    publisher.malformed(device);
                } else if (dice == 1 && namesDeviceInBody(device.dialect())) {
                    publisher.unknownDevice(device);
                } else if (dice == 2) {
                    publisher.repeated(device);
                } else {
                    publisher.event(device);
                }
            }
        }
    }

    private static boolean namesDeviceInBody(Dialect dialect) {
        return dialect == Dialect.GATE_JSON || dialect == Dialect.ALARM_JSON || dialect == Dialect.PLATE_GAT1400
                || dialect == Dialect.FACE_GAT1400 || dialect == Dialect.ALARM_GB28181;
    }

    private static SimulatedDevice pick(List<SimulatedDevice> devices, Random random) {
        return devices.get(random.nextInt(devices.size()));
    }
}

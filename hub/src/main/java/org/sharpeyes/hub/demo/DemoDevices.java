package org.sharpeyes.hub.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.sharpeyes.hub.registry.DeviceCredentials;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointQuery;
import org.sharpeyes.hub.registry.PointStore;
import org.sharpeyes.hub.registry.PointType;
import org.sharpeyes.sim.device.DevicePublisher;
import org.sharpeyes.sim.device.Dialect;
import org.sharpeyes.sim.device.Scenario;
import org.sharpeyes.sim.device.SimulatedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device simulator in-process for {@code --demo}: a demo community's gates and plate and face recognizers
 * (two of each, in different dialects) publish one event a second between them, and a village school's one-key
 * alarm box publishes a drill every few minutes, each logged in to the hub's broker with its own registered
 * credentials, so a newcomer sees events and an alarm at once.
 */
public final class DemoDevices implements AutoCloseable {

    /** The demo community (锦绣小区) whose gates and recognizers publish. */
    public static final String COMMUNITY = "510122001201";
    /** The demo village (红星村, the {@code village} login's) whose school's alarm box publishes. */
    public static final String VILLAGE = "510122001001";
    /** A drill this often keeps the alarm box, which has no keep-alive, from going silent for the offline check. */
    public static final Duration DRILL_EVERY = Duration.ofMinutes(4);

    private static final Logger LOG = LoggerFactory.getLogger(DemoDevices.class);
    private static final Map<PointType, List<Dialect>> DIALECTS = Map.of(
            PointType.BARRIER_GATE, List.of(Dialect.GATE_JSON, Dialect.GATE_ALARMINFOPLATE),
            PointType.PLATE_RECOGNIZER, List.of(Dialect.PLATE_ISAPI, Dialect.PLATE_GAT1400),
            PointType.FACE_RECOGNIZER, List.of(Dialect.FACE_ACS, Dialect.FACE_GAT1400));

    private final DevicePublisher publisher;
    private final List<SimulatedDevice> community;
    private final SimulatedDevice alarmBox;
    private final Random random = new Random();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-devices");
        thread.setDaemon(true);
        return thread;
    });
    private boolean failing;

    private DemoDevices(DevicePublisher publisher, List<SimulatedDevice> community, SimulatedDevice alarmBox) {
        this.publisher = publisher;
        this.community = community;
        this.alarmBox = alarmBox;
    }

    /**
     * Starts the devices the demo county registered, publishing to {@code brokerUrl}; null when the database holds
     * none of them (a county of one's own, loaded before).
     */
    public static DemoDevices start(String brokerUrl, PointStore points) {
        List<SimulatedDevice> community = new ArrayList<>();
        for (PointType type : List.of(PointType.BARRIER_GATE, PointType.PLATE_RECOGNIZER, PointType.FACE_RECOGNIZER)) {
            List<Point> found = points.search(new PointQuery(COMMUNITY, type, null, null, null, 1, 2)).items();
            for (int i = 0; i < found.size(); i++) {
                device(points, found.get(i), DIALECTS.get(type).get(i)).ifPresent(community::add);
            }
        }
        SimulatedDevice box = points.search(new PointQuery(VILLAGE, PointType.ONE_KEY_ALARM, null, null, null, 1, 1))
                .items().stream().findFirst().flatMap(p -> device(points, p, Dialect.ALARM_JSON)).orElse(null);
        if (community.isEmpty() && box == null) {
            LOG.warn("demo devices not started: the database holds none of the demo county's devices");
            return null;
        }
        DemoDevices devices = new DemoDevices(new DevicePublisher(brokerUrl.replace("//0.0.0.0:", "//127.0.0.1:"),
                System.nanoTime()), community, box);
        if (!community.isEmpty()) {
            devices.ticks.scheduleAtFixedRate(devices::communityEvent, 1, 1, TimeUnit.SECONDS);
        }
        if (box != null) {
            devices.ticks.scheduleAtFixedRate(devices::drill, 2, DRILL_EVERY.toSeconds(), TimeUnit.SECONDS);
        }
        return devices;
    }

    private static Optional<SimulatedDevice> device(PointStore points, Point point, Dialect dialect) {
        Optional<DeviceCredentials> credentials = points.credentials(point.code());
        if (credentials.isEmpty() || credentials.get().password() == null) {
            LOG.warn("demo device {} has no credentials registered, so it cannot log in to the broker", point.code());
            return Optional.empty();
        }
        return Optional.of(new SimulatedDevice(point.code(), dialect, point.code(), credentials.get().password()));
    }

    /** The devices publishing: the community's, then the alarm box if there is one. */
    public List<SimulatedDevice> devices() {
        List<SimulatedDevice> all = new ArrayList<>(community);
        if (alarmBox != null) {
            all.add(alarmBox);
        }
        return all;
    }

    private void communityEvent() {
        publishing(() -> Scenario.MORNING.playSteps(publisher, community, 1, random));
    }

    private void drill() {
        publishing(() -> publisher.alarm(alarmBox, "drill-" + System.currentTimeMillis(), "TEST"));
    }

    private interface Publishing {
        void run() throws MqttException, InterruptedException;
    }

    /** Runs one publish; a broker that is away is reported once, not at every tick, and the ticks go on. */
    private void publishing(Publishing publish) {
        try {
            publish.run();
            if (failing) {
                LOG.info("demo devices: publishing again");
                failing = false;
            }
        } catch (MqttException e) {
            if (!failing) {
                LOG.warn("demo devices cannot publish ({}); they keep trying", e.getMessage());
                failing = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        try {
            ticks.awaitTermination(5, TimeUnit.SECONDS);
            publisher.close();
        } catch (MqttException e) {
            LOG.debug("demo devices: disconnecting failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.sharpeyes.hub.onvif;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.adapters.onvif.OnvifClient;
import org.sharpeyes.adapters.onvif.OnvifException;
import org.sharpeyes.adapters.onvif.OnvifNotification;
import org.sharpeyes.hub.events.EventIngest;
import org.sharpeyes.hub.registry.Point;
import org.sharpeyes.hub.registry.PointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the events of every point with an ONVIF address (#19): one pull-point subscription per camera, pulled in a
 * loop (each pull waits on the camera up to {@value #PULL_SECONDS} s, so a quiet camera costs one idle connection),
 * renewed every {@value #RENEW_SECONDS} s of its {@value #LEASE_SECONDS} s, and made again after a camera restart or
 * any failure, backing off to {@value #MAX_BACKOFF_SECONDS} s. What a camera sends is submitted, as it sent it, to
 * the ingest as the {@code onvif.events} dialect, so it is stored, deduplicated and kept as a dead letter like any
 * device's message. The set of cameras is read again every {@value #RESCAN_SECONDS} s.
 */
public final class OnvifEventPuller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnvifEventPuller.class);
    static final int LEASE_SECONDS = 60;
    static final int RENEW_SECONDS = 30;
    static final int PULL_SECONDS = 10;
    static final int MAX_BACKOFF_SECONDS = 60;
    static final int RESCAN_SECONDS = 30;
    private static final int MESSAGE_LIMIT = 64;

    private final PointStore points;
    private final OnvifDevices devices;
    private final EventIngest ingest;
    private final ScheduledExecutorService scheduler;
    private final Executor blocking;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Counter pulled;
    private final Counter failures;
    private volatile boolean closed;

    public OnvifEventPuller(PointStore points, OnvifDevices devices, EventIngest ingest,
            ScheduledExecutorService scheduler, Executor blocking, MeterRegistry metrics) {
        this.points = points;
        this.devices = devices;
        this.ingest = ingest;
        this.scheduler = scheduler;
        this.blocking = blocking;
        this.pulled = Counter.builder("hub.onvif.events.pulled").description("ONVIF notifications pulled")
                .register(metrics);
        this.failures = Counter.builder("hub.onvif.events.failures")
                .description("ONVIF subscriptions lost or refused (made again after a back-off)").register(metrics);
        metrics.gauge("hub.onvif.events.subscriptions", subscriptions, m -> m.values().stream()
                .filter(s -> s.address != null).count());
    }

    /** Starts the first scan soon and the later ones every {@value #RESCAN_SECONDS} s. */
    public void start() {
        scheduler.scheduleWithFixedDelay(() -> blocking.execute(this::rescan), 2, RESCAN_SECONDS, TimeUnit.SECONDS);
    }

    /** Subscribes to the cameras newly given an ONVIF address and ends the subscriptions of those without. Blocking. */
    public void rescan() {
        if (closed) {
            return;
        }
        Map<String, String> wanted = points.onvifAddresses();
        subscriptions.values().removeIf(s -> {
            boolean gone = !s.deviceUrl.equals(wanted.get(s.code));
            if (gone) {
                s.stop();
            }
            return gone;
        });
        wanted.forEach((code, url) -> subscriptions.computeIfAbsent(code, c -> {
            Subscription s = new Subscription(c, url);
            s.begin();
            return s;
        }));
    }

    /** How many cameras have a live subscription now. */
    public int subscribed() {
        return (int) subscriptions.values().stream().filter(s -> s.address != null).count();
    }

    @Override
    public void close() {
        closed = true;
        subscriptions.values().forEach(Subscription::stop);
        subscriptions.clear();
    }

    /** One camera's subscription and its pull loop. */
    private final class Subscription {
        final String code;
        final String deviceUrl;
        volatile OnvifClient client;
        volatile String address;
        volatile long renewAtNanos;
        volatile boolean stopped;
        int backoffSeconds = 1;

        Subscription(String code, String deviceUrl) {
            this.code = code;
            this.deviceUrl = deviceUrl;
        }

        void begin() {
            if (stopped || closed) {
                return;
            }
            Point point = points.find(code).orElse(null);
            if (point == null || point.onvifUrl() == null) {
                return;
            }
            devices.client(point).thenCompose(c -> {
                client = c;
                return c.createPullPoint(LEASE_SECONDS);
            }).whenComplete((pullPoint, error) -> {
                if (error != null) {
                    retry(error);
                    return;
                }
                address = pullPoint.address();
                renewAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(RENEW_SECONDS);
                backoffSeconds = 1;
                LOG.info("ONVIF events: subscribed to {} at {}", code, address);
                pull();
            });
        }

        void pull() {
            if (stopped || closed) {
                return;
            }
            OnvifClient c = client;
            String at = address;
            if (System.nanoTime() >= renewAtNanos) {
                c.renew(at, LEASE_SECONDS).whenComplete((until, error) -> {
                    if (error != null) {
                        retry(error);
                        return;
                    }
                    renewAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(RENEW_SECONDS);
                    pull();
                });
                return;
            }
            c.pull(at, PULL_SECONDS, MESSAGE_LIMIT).whenComplete((answer, error) -> {
                if (error != null) {
                    retry(error);
                    return;
                }
                devices.remember(code, c);
                if (!answer.notifications().isEmpty() && answer.notifications().stream()
                        .anyMatch(n -> n.kind() != OnvifNotification.Kind.OTHER)) {
                    pulled.increment(answer.notifications().size());
                    byte[] bytes = answer.answer();
                    blocking.execute(() -> submit(bytes));
                }
                pull();
            });
        }

        private void submit(byte[] bytes) {
            try {
                ingest.submit(new EventIngest.Message("devices/onvif/" + code + "/events", bytes, () -> { }, false,
                        "onvif.events"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void retry(Throwable error) {
            address = null;
            if (stopped || closed) {
                return;
            }
            failures.increment();
            OnvifException cause = OnvifClient.failure(error);
            int wait = cause.kind() == OnvifException.Kind.NOT_SUPPORTED ? MAX_BACKOFF_SECONDS * 10 : backoffSeconds;
            LOG.info("ONVIF events of {}: {}; subscribing again in {} s", code, cause.getMessage(), wait);
            backoffSeconds = Math.min(MAX_BACKOFF_SECONDS, backoffSeconds * 2);
            scheduler.schedule(() -> blocking.execute(this::begin), wait, TimeUnit.SECONDS);
        }

        void stop() {
            stopped = true;
            OnvifClient c = client;
            String at = address;
            if (c != null && at != null) {
                c.unsubscribe(at).exceptionally(e -> null);
            }
            address = null;
        }
    }
}

package org.sharpeyes.hub.media.probe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.sharpeyes.hub.media.PathRegistry;
import org.sharpeyes.hub.registry.PointStatus;
import org.sharpeyes.hub.registry.PointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps every camera point now and then and records whether it answers (RTSP; ONVIF GetSystemDateAndTime where it has
 * an ONVIF address): at most {@code concurrency} probes at a time, on the media event loops (no thread per probe),
 * verdicts written in batches. A camera being pulled right now counts as online without a probe. A sweep is spread
 * over most of the interval (the first, over its first minute), a slice each second, so a county of 50,000 cameras
 * costs a little all the time rather than two busy cores for a quarter of a minute; the first starts at a random
 * moment within the first 30 s (or the interval, if shorter), so hubs restarted together do not probe together. Only
 * what changed is written: a new status, and an online camera's last-seen time once it is {@link #LAST_SEEN_REFRESH}
 * old; a camera that stops answering is stored as last seen when the sweep before found it, so "offline since" stays
 * as exact as the interval.
 */
public final class StatusProber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusProber.class);
    private static final int PAGE = 1_000;
    private static final int BATCH = 500;
    private static final long TICK_MILLIS = 1_000;
    /** The share of the interval a sweep is spread over, leaving room for slow answers before the next. */
    private static final double SPREAD = 0.8;
    private static final int FIRST_SWEEP_SECONDS = 60;
    /** How stale an online camera's stored last-seen time may grow before a sweep writes it again. */
    static final Duration LAST_SEEN_REFRESH = Duration.ofHours(1);

    private final PointStore points;
    private final PathRegistry paths;
    private final RtspProbe probe;
    private final OnvifProbe onvifProbe;
    private final int intervalSeconds;
    private final int concurrency;
    private final Counter online;
    private final Counter offline;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hub-prober");
        thread.setDaemon(true);
        return thread;
    });
    /** The paced sweep under way, or null between sweeps; touched only on the sweeper's thread. */
    private Sweep current;
    private long nextSweepAt;
    private boolean firstSweep = true;

    public StatusProber(PointStore points, PathRegistry paths, EventLoopGroup loops, int intervalSeconds,
            int concurrency, int timeoutMillis, MeterRegistry metrics) {
        this.points = points;
        this.paths = paths;
        this.probe = new RtspProbe(loops, timeoutMillis);
        this.onvifProbe = new OnvifProbe(loops, timeoutMillis);
        this.intervalSeconds = intervalSeconds;
        this.concurrency = concurrency;
        this.online = Counter.builder("hub.media.probes").tag("outcome", "online").register(metrics);
        this.offline = Counter.builder("hub.media.probes").tag("outcome", "offline").register(metrics);
    }

    /** Starts sweeping every {@code intervalSeconds}, each sweep spread over most of it. */
    public void start() {
        // Soon after start, so a fresh hub shows an online rate within a minute or two, but at a random moment.
        nextSweepAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current()
                .nextLong(Math.min(intervalSeconds, 30) * 1_000L) + 1_000);
        sweeper.scheduleAtFixedRate(this::tickQuietly, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("status sweep failed", e);
            current = null;
        }
    }

    /** One second's slice of the sweep under way, starting one when it is due. */
    private void tick() throws InterruptedException {
        long now = System.nanoTime();
        if (current == null) {
            if (now - nextSweepAt < 0) {
                return;
            }
            current = new Sweep(now, perTick(points.countProbeTargets(), spreadSeconds(intervalSeconds, firstSweep)));
            firstSweep = false;
            nextSweepAt = now + TimeUnit.SECONDS.toNanos(intervalSeconds);
        }
        if (!current.next()) {
            current.finish();
            current = null;
        }
    }

    /** How many seconds a sweep is spread over: most of the interval, the first sweep at most a minute. */
    static int spreadSeconds(int intervalSeconds, boolean first) {
        return first ? Math.min(intervalSeconds, FIRST_SWEEP_SECONDS) : Math.max(1, (int) (intervalSeconds * SPREAD));
    }

    /** How many points each second's slice takes so that {@code targets} are done in {@code spreadSeconds}. */
    static int perTick(long targets, int spreadSeconds) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (targets + spreadSeconds - 1) / spreadSeconds));
    }

    /** Probes every camera point once, now and as fast as it may, on the calling thread; returns how many. */
    public int sweep() throws InterruptedException {
        Sweep sweep = new Sweep(System.nanoTime(), PAGE);
        while (sweep.next()) {
            continue;
        }
        return sweep.finish();
    }

    /** One pass over the camera points: where it stands, its probes in flight and the verdicts not yet written. */
    private final class Sweep {
        private final long started;
        private final int perTick;
        private final Semaphore slots = new Semaphore(concurrency);
        private final Map<String, PointStatus> verdicts = new ConcurrentHashMap<>();
        private final Map<String, Instant> wentOffline = new ConcurrentHashMap<>();
        private String after = "";
        private int checked;

        Sweep(long started, int perTick) {
            this.started = started;
            this.perTick = perTick;
        }

        /** Probes the next {@code perTick} points and writes what it knows; false once the last are taken. */
        boolean next() throws InterruptedException {
            List<PointStore.ProbeTarget> slice = points.probeTargets(after, perTick);
            for (PointStore.ProbeTarget target : slice) {
                check(target);
            }
            flush();
            if (slice.size() < perTick) {
                return false;
            }
            after = slice.get(slice.size() - 1).code();
            return true;
        }

        private void check(PointStore.ProbeTarget target) throws InterruptedException {
            checked++;
            if (paths.isPlaying(target.code())) {
                record(target, PointStatus.ONLINE);
                return;
            }
            URI device = address(target.onvifUrl());
            if (device != null) {
                await(target, () -> onvifProbe.probe(device));
                return;
            }
            URI url = address(target.streamUrl());
            if (url == null) {
                record(target, PointStatus.OFFLINE);
                return;
            }
            await(target, () -> probe.probe(url));
        }

        /** {@code text} as an address with a host, or null when it is none (a point without one is offline). */
        private static URI address(String text) {
            if (text == null) {
                return null;
            }
            try {
                URI url = URI.create(text);
                return url.getHost() == null ? null : url;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** Starts a probe once a slot is free, records its verdict when it comes, and writes out a full batch. */
        private void await(PointStore.ProbeTarget target, Supplier<CompletableFuture<Boolean>> probing)
                throws InterruptedException {
            slots.acquire();
            probing.get().whenComplete((answered, error) -> {
                boolean up = Boolean.TRUE.equals(answered);
                (up ? online : offline).increment();
                record(target, up ? PointStatus.ONLINE : PointStatus.OFFLINE);
                slots.release();
            });
            if (verdicts.size() + wentOffline.size() >= BATCH) {
                flush();
            }
        }

        /** Keeps a verdict for writing when it tells the registry something it does not know yet. */
        private void record(PointStore.ProbeTarget target, PointStatus verdict) {
            Instant now = Instant.now();
            if (verdict == PointStatus.OFFLINE && target.status() == PointStatus.ONLINE) {
                // It answered when the sweep before came by, about an interval ago (or when last written, if later).
                wentOffline.put(target.code(), now.minusSeconds(intervalSeconds));
            } else if (verdict != target.status() || verdict == PointStatus.ONLINE && (target.lastSeen() == null
                    || target.lastSeen().isBefore(now.minus(LAST_SEEN_REFRESH)))) {
                verdicts.put(target.code(), verdict);
            }
        }

        /** Waits for the probes in flight, writes the last verdicts and says how the sweep went. */
        int finish() throws InterruptedException {
            slots.acquire(concurrency);
            slots.release(concurrency);
            flush();
            LOG.info("status sweep: {} camera points in {} ms", checked,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return checked;
        }

        void flush() {
            points.updateStatuses(drain(verdicts), Instant.now());
            points.markOffline(drain(wentOffline));
        }

        private static <V> Map<String, V> drain(Map<String, V> pending) {
            Map<String, V> batch = new java.util.HashMap<>();
            for (String code : List.copyOf(pending.keySet())) {
                V value = pending.remove(code);
                if (value != null) {
                    batch.put(code, value);
                }
            }
            return batch;
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}

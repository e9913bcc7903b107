package org.sharpeyes.hub.media.probe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.sharpeyes.hub.media.PathRegistry;
import org.sharpeyes.hub.registry.PointStatus;
import org.sharpeyes.hub.registry.PointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps every camera point now and then and records whether it answers RTSP: at most {@code concurrency} probes
 * at a time, on the media event loops (no thread per probe), verdicts written in batches. A camera being pulled
 * right now counts as online without a probe. The first sweep starts at a random moment within the first 30 s (or
 * the interval, if shorter), so hubs restarted together do not probe together.
 */
public final class StatusProber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusProber.class);
    private static final int PAGE = 1_000;
    private static final int BATCH = 500;

    private final PointStore points;
    private final PathRegistry paths;
    private final RtspProbe probe;
    private final int intervalSeconds;
    private final int concurrency;
    private final Counter online;
    private final Counter offline;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hub-prober");
        thread.setDaemon(true);
        return thread;
    });

    public StatusProber(PointStore points, PathRegistry paths, EventLoopGroup loops, int intervalSeconds,
            int concurrency, int timeoutMillis, MeterRegistry metrics) {
        this.points = points;
        this.paths = paths;
        this.probe = new RtspProbe(loops, timeoutMillis);
        this.intervalSeconds = intervalSeconds;
        this.concurrency = concurrency;
        this.online = Counter.builder("hub.media.probes").tag("outcome", "online").register(metrics);
        this.offline = Counter.builder("hub.media.probes").tag("outcome", "offline").register(metrics);
    }

    /** Starts sweeping every {@code intervalSeconds}. */
    public void start() {
        // Soon after start, so a fresh hub shows an online rate within a minute, but at a random moment.
        long first = ThreadLocalRandom.current().nextLong(Math.min(intervalSeconds, 30) * 1_000L) + 1_000;
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, first, intervalSeconds * 1_000L, TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("status sweep failed", e);
        }
    }

    /** Probes every camera point once, now, on the calling thread; returns how many it checked. */
    public int sweep() throws InterruptedException {
        long started = System.nanoTime();
        Semaphore slots = new Semaphore(concurrency);
        Map<String, PointStatus> verdicts = new ConcurrentHashMap<>();
        int checked = 0;
        String after = "";
        for (List<PointStore.ProbeTarget> page = points.probeTargets(after, PAGE); !page.isEmpty();
                page = points.probeTargets(after, PAGE)) {
            for (PointStore.ProbeTarget target : page) {
                checked++;
                if (paths.isPlaying(target.code())) {
                    verdicts.put(target.code(), PointStatus.ONLINE);
                    continue;
                }
                URI url;
                try {
                    url = URI.create(target.streamUrl());
                } catch (IllegalArgumentException e) {
                    verdicts.put(target.code(), PointStatus.OFFLINE);
                    continue;
                }
                if (url.getHost() == null) {
                    verdicts.put(target.code(), PointStatus.OFFLINE);
                    continue;
                }
                slots.acquire();
                probe.probe(url).whenComplete((answered, error) -> {
                    boolean up = Boolean.TRUE.equals(answered);
                    (up ? online : offline).increment();
                    verdicts.put(target.code(), up ? PointStatus.ONLINE : PointStatus.OFFLINE);
                    slots.release();
                });
                if (verdicts.size() >= BATCH) {
                    flush(verdicts);
                }
            }
            after = page.get(page.size() - 1).code();
        }
        slots.acquire(concurrency);
        flush(verdicts);
        LOG.info("status sweep: {} camera points in {} ms", checked,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return checked;
    }

    private void flush(Map<String, PointStatus> verdicts) {
        Map<String, PointStatus> batch = new java.util.HashMap<>();
        for (String code : List.copyOf(verdicts.keySet())) {
            PointStatus status = verdicts.remove(code);
            if (status != null) {
                batch.put(code, status);
            }
        }
        points.updateStatuses(batch, Instant.now());
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}

package org.sharpeyes.hub.media.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How viewers of one protocol are treated when they fall behind: where their lost pictures and their disconnections
 * are counted, and how long a viewer may take nothing before it is let go ({@code media.slowViewerSeconds}).
 */
public record ReaderPolicy(Counter dropped, Counter disconnected, long maxBehindNanos, LongSupplier clock) {

    /** The default of {@code media.slowViewerSeconds}. */
    public static final int DEFAULT_SLOW_VIEWER_SECONDS = 15;

    /** The counters {@code hub.media.reader.dropped} and {@code hub.media.reader.disconnected} tagged with the protocol. */
    public static ReaderPolicy of(MeterRegistry metrics, String protocol, Duration maxBehind) {
        return new ReaderPolicy(Counter.builder("hub.media.reader.dropped")
                .description("pictures a slow viewer lost (it skips to the next key frame)").tag("protocol", protocol)
                .register(metrics), Counter.builder("hub.media.reader.disconnected")
                .description("viewers let go because they took no picture for media.slowViewerSeconds")
                .tag("protocol", protocol).register(metrics), maxBehind.toNanos(), System::nanoTime);
    }
}

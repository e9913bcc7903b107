package org.sharpeyes.hub.media.source;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters of what broken cameras send, shared by all pull sources. */
public final class PullStats {

    private final Counter malformedRtp;
    private final Counter damagedUnits;
    private final Counter lostPackets;
    private final Counter starts;
    private final Counter failures;
    private final Counter malformedParameterSets;

    public PullStats(MeterRegistry metrics) {
        malformedRtp = Counter.builder("hub.media.pull.rtp.malformed").description("RTP packets that could not be read")
                .register(metrics);
        damagedUnits = Counter.builder("hub.media.pull.units.damaged")
                .description("pictures dropped because packets were lost").register(metrics);
        lostPackets = Counter.builder("hub.media.pull.rtp.lost").description("RTP packets lost (sequence gaps)")
                .register(metrics);
        starts = Counter.builder("hub.media.pull.connects").description("connections opened to cameras")
                .register(metrics);
        failures = Counter.builder("hub.media.pull.failures").description("camera connections that failed or dropped")
                .register(metrics);
        malformedParameterSets = Counter.builder("hub.media.pull.sdp.parameter_sets.malformed")
                .description("SDP parameter sets that could not be read (the in-band ones were used)").register(metrics);
    }

    public void malformedRtp() {
        malformedRtp.increment();
    }

    public void damagedUnit() {
        damagedUnits.increment();
    }

    public void lostPackets(long count) {
        lostPackets.increment(count);
    }

    void malformedParameterSets() {
        malformedParameterSets.increment();
    }

    void connect() {
        starts.increment();
    }

    void failure() {
        failures.increment();
    }

    /** Connections opened to cameras so far. */
    public double connects() {
        return starts.count();
    }
}

package org.sharpeyes.hub.gb28181;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SIP and RTP timeline of the last play attempts of each GB/T 28181 channel, for the installer who asks why a
 * channel does not play (the failure WVP reports only as "stream timed out"): the INVITE and where it went, the
 * answer and the address the device said it would send from, the first RTP packet's real source and SSRC (a
 * different source suggests NAT; a different SSRC, another stream), and how the attempt ended. Five attempts are kept
 * per channel, each of at most 40 steps.
 */
public final class GbDiagnosis {

    static final int ATTEMPTS = 5;
    private static final int STEPS = 40;

    /** One step of an attempt: when, a short code for the UI, and what happened in words. */
    public record Step(Instant at, String code, String text) {
    }

    /** One play attempt: its transport, its steps, and how it ended (null while it runs). */
    public static final class Attempt {
        private final Instant startedAt;
        private final String transport;
        private final List<Step> steps = new ArrayList<>();
        private volatile String outcome;

        Attempt(Instant startedAt, String transport) {
            this.startedAt = startedAt;
            this.transport = transport;
        }

        public Instant startedAt() {
            return startedAt;
        }

        public String transport() {
            return transport;
        }

        public synchronized List<Step> steps() {
            return List.copyOf(steps);
        }

        /** "playing", or the reason it failed; null while it is being set up. */
        public String outcome() {
            return outcome;
        }

        synchronized void add(Step step) {
            if (steps.size() < STEPS) {
                steps.add(step);
            }
        }
    }

    private final Clock clock;
    private final Map<String, Deque<Attempt>> byChannel = new ConcurrentHashMap<>();

    GbDiagnosis(Clock clock) {
        this.clock = clock;
    }

    /** Starts recording a new attempt for {@code channelId}; the oldest beyond five is dropped. */
    Attempt begin(String channelId, String transport) {
        Attempt attempt = new Attempt(clock.instant(), transport);
        Deque<Attempt> kept = byChannel.computeIfAbsent(channelId, id -> new ArrayDeque<>());
        synchronized (kept) {
            kept.addFirst(attempt);
            while (kept.size() > ATTEMPTS) {
                kept.removeLast();
            }
        }
        return attempt;
    }

    void step(Attempt attempt, String code, String text) {
        attempt.add(new Step(clock.instant(), code, text));
    }

    void end(Attempt attempt, String outcome) {
        if (attempt.outcome == null) {
            attempt.outcome = outcome;
        }
    }

    /** The attempts of {@code channelId}, newest first. */
    public List<Attempt> attempts(String channelId) {
        Deque<Attempt> kept = byChannel.get(channelId);
        if (kept == null) {
            return List.of();
        }
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }
}

package org.sharpeyes.hub.events;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Counts the packets the embedded broker could not decode (over {@code mqtt.maxMessageBytes}, or malformed) and says
 * so in one line. Moquette offers no hook for them: its handler logs the decoder's failure with a stack trace and
 * closes the connection, so this takes that log event instead, counts it as {@code hub.mqtt.refused} with
 * {@code what=too_large} or {@code what=malformed}, and logs the reason plainly in its place. One filter serves the
 * process; each running broker's counters are counted.
 */
final class BrokerRefusals extends TurboFilter {

    private static final String MOQUETTE_HANDLER = "io.moquette.broker.NewNettyMQTTHandler";
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(BrokerRefusals.class);
    private static final List<Counters> BROKERS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    /** One broker's counters, and its limit for the log line. */
    record Counters(Counter tooLarge, Counter malformed, int maxMessageBytes) {
    }

    private BrokerRefusals() {
    }

    /** Starts counting for a broker with this limit; the answer goes back to {@link #remove} when it stops. */
    static synchronized Counters install(MeterRegistry metrics, int maxMessageBytes) {
        Counters counters = new Counters(
                Counter.builder("hub.mqtt.refused").tag("what", "too_large").description("embedded broker refusals")
                        .register(metrics),
                Counter.builder("hub.mqtt.refused").tag("what", "malformed").description("embedded broker refusals")
                        .register(metrics), maxMessageBytes);
        BROKERS.add(counters);
        if (!installed && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            BrokerRefusals filter = new BrokerRefusals();
            filter.start();
            context.addTurboFilter(filter);
            installed = true;
        }
        return counters;
    }

    static void remove(Counters counters) {
        BROKERS.remove(counters);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        if (level != Level.ERROR || !MOQUETTE_HANDLER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        Throwable cause = t != null ? t : params != null && params.length > 0
                && params[params.length - 1] instanceof Throwable last ? last : null;
        if (!(cause instanceof java.io.IOException) || cause.getCause() == null) {
            return FilterReply.NEUTRAL;
        }
        Object client = params != null && params.length > 0 && !(params[0] instanceof Throwable) ? params[0] : "?";
        boolean tooLarge = cause.getCause() instanceof TooLongFrameException;
        for (Counters counters : BROKERS) {
            (tooLarge ? counters.tooLarge() : counters.malformed()).increment();
        }
        int limit = BROKERS.isEmpty() ? 0 : BROKERS.get(0).maxMessageBytes();
        if (tooLarge) {
            LOG.warn("MQTT packet from client {} refused: {} (mqtt.maxMessageBytes is {}); the connection is closed",
                    client, cause.getCause().getMessage(), limit);
        } else {
            LOG.warn("MQTT packet from client {} refused as malformed: {}; the connection is closed", client,
                    cause.getCause().getMessage());
        }
        return FilterReply.DENY;
    }
}

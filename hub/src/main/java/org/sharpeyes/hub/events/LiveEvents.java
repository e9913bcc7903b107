package org.sharpeyes.hub.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.sharpeyes.adapters.event.EventType;

/**
 * Stored events pushed to WebSocket subscribers as they are stored, each subscriber seeing only its operator's region
 * (narrowed by its own region and type filters). A subscriber that cannot keep up loses events (counted), never slows
 * the ingest.
 */
public final class LiveEvents {

    /** Whether a subscriber's operator may see the events of a point (by its region and code). */
    @FunctionalInterface
    public interface Visibility {
        boolean maySee(String regionCode, String pointCode);
    }

    /** One WebSocket and what it asked for; {@code types} empty means every type. */
    public record Subscriber(Channel channel, Visibility visibility, String regionPrefix, Set<EventType> types) {
        boolean wants(StoredEvent event) {
            return visibility.maySee(event.regionCode(), event.pointCode())
                    && (regionPrefix == null || event.regionCode().startsWith(regionPrefix))
                    && (types.isEmpty() || types.contains(event.type()));
        }
    }

    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final Counter dropped;
    private final Counter sent;

    public LiveEvents(MeterRegistry metrics) {
        this.dropped = Counter.builder("hub.events.live.dropped")
                .description("live events a slow WebSocket subscriber lost").register(metrics);
        this.sent = Counter.builder("hub.events.live.sent").description("live events sent to WebSocket subscribers")
                .register(metrics);
        metrics.gaugeCollectionSize("hub.events.live.subscribers", List.of(), subscribers);
    }

    public void add(Subscriber subscriber) {
        subscribers.add(subscriber);
        subscriber.channel().closeFuture().addListener(done -> subscribers.remove(subscriber));
    }

    /** Sends each event to the subscribers that may and want to see it; called by the ingest after each batch. */
    public void publish(List<StoredEvent> events) {
        if (subscribers.isEmpty()) {
            return;
        }
        for (StoredEvent event : events) {
            String json = null;
            for (Subscriber subscriber : subscribers) {
                if (!subscriber.wants(event)) {
                    continue;
                }
                Channel channel = subscriber.channel();
                if (!channel.isActive()) {
                    continue;
                }
                if (!channel.isWritable()) {
                    dropped.increment();
                    continue;
                }
                if (json == null) {
                    json = EventViews.json(event);
                }
                channel.writeAndFlush(new TextWebSocketFrame(json), channel.voidPromise());
                sent.increment();
            }
        }
    }
}

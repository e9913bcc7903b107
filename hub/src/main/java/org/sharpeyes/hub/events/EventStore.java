package org.sharpeyes.hub.events;

import java.util.List;
import org.sharpeyes.hub.registry.Page;

/** Where events and dead letters are kept. */
public interface EventStore {

    /**
     * Stores a batch of events and dead letters in one transaction; events already stored (same point and device event
     * id) are skipped. Returns the events that were new. They are visible at once, but may survive a crash only after
     * the next {@link #writeOut}.
     */
    List<StoredEvent> store(List<StoredEvent> events, List<DeadLetter> deadLetters);

    /** Makes every batch stored so far survive the process being killed. */
    void writeOut();

    Page<StoredEvent> search(EventQuery query);

    /** One stored event by the hub's id. */
    java.util.Optional<StoredEvent> find(String id);

    /**
     * Events received in a region subtree ({@code null}: everywhere) in each of {@code hours} whole hours from
     * {@code from}, oldest hour first.
     */
    List<Long> perHour(String regionPrefix, java.time.OffsetDateTime from, int hours);

    Page<DeadLetter> deadLetters(int page, int size);

    long count();

    /**
     * The dialect of the latest event a point sent in a dialect that takes commands (a gate's), if it sent any: how
     * the hub knows how to command it, whatever else (plates over ISAPI, say) the same device also sends.
     */
    java.util.Optional<String> lastDialect(String pointCode);
}

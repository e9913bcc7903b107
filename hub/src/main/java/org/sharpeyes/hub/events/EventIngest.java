package org.sharpeyes.hub.events;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.DeviceAdapter;
import org.sharpeyes.adapters.event.DeviceAdapters;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.PartlyReadException;
import org.sharpeyes.hub.registry.PointStatus;
import org.sharpeyes.hub.registry.PointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns device messages into stored events, in batches, in three stages on their own threads (urgent messages, the
 * one-key alarms, ahead of the rest): a reader reads each message by the dialect bound to its topic and matches its
 * devices to points; a writer stores the batch's events (or dead letters) in one transaction; a notifier passes the
 * new events on to live viewers and the republisher as soon as they are committed. A message is acknowledged only once
 * its commit is written out, so a crash before that means a redelivery, which de-duplication absorbs. A database that
 * fails is retried, never skipped.
 */
public final class EventIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventIngest.class);
    private static final int QUEUE = 20_000;
    private static final int BATCH = 2000;
    /**
     * How long a batch gathers before it is cut: bounds the commits a second under any load. A commit rewrites every
     * page its batch touched, whatever the batch's size: at 10,000 events/s on a slow 2-core machine, cutting every
     * 20 ms cost 113 us of hub CPU per event, every 100 ms 84 us (with the H2 housekeeping's lower target, which saved
     * 8.6 us of that). An alarm cuts the batch at once (see {@link #readLoop}).
     */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How often the reader looks whether a full batch is waiting, between cuts. */
    private static final long FULL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * How long stored batches wait in memory before they are written out together and their messages acknowledged.
     * Writing out costs in proportion to the pages changed since the last time, whatever the number of commits: one
     * write-out for the ordinary batches and the alarms of 200 ms instead of one per alarm batch.
     */
    private static final long WRITE_OUT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** The least time between two cuts when urgent messages keep coming. */
    private static final long URGENT_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int KEPT_PAYLOAD_BYTES = 64 * 1024;
    /** Below the shortest offline interval (10 s), so a device that keeps talking is never swept offline. */
    private static final long ONLINE_MARK_EVERY_MILLIS = 5_000;

    /**
     * A message as the broker delivered it, and how to acknowledge it once it is safe; an urgent one (a one-key
     * alarm) is read and stored ahead of the queue. A message with a {@code dialect} (an HTTP push) is read with that
     * dialect, its topic already in the dialect's own form; the others by the topic bindings.
     */
    public record Message(String topic, byte[] payload, Runnable ack, boolean urgent, String dialect) {

        public Message(String topic, byte[] payload, Runnable ack, boolean urgent) {
            this(topic, payload, ack, urgent, null);
        }

        public Message(String topic, byte[] payload, Runnable ack) {
            this(topic, payload, ack, false, null);
        }
    }

    private final DeviceAdapters adapters;
    private final EventAttribution attribution;
    private final EventStore store;
    private final PointStore points;
    private final ImageStore images;
    private final Clock clock;
    private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE);
    private final BlockingQueue<Message> urgent = new ArrayBlockingQueue<>(QUEUE);
    private final List<Consumer<List<StoredEvent>>> listeners = new CopyOnWriteArrayList<>();
    private final Counter received;
    private final Counter storedEvents;
    private final Counter duplicates;
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Timer batchTimer;
    private final UrgentFirstQueue<Batch> toStore = new UrgentFirstQueue<>(64, 2);
    private final UrgentFirstQueue<List<StoredEvent>> toNotify = new UrgentFirstQueue<>(256, 256);
    private final List<Thread> stages = new ArrayList<>();
    private final Thread reader;
    // Time-ordered ids append to the id index instead of scattering over it, which is what an insert-heavy B-tree
    // that rewrites its dirty pages at every commit pays for most.
    private final NoArgGenerator ids = Generators.timeBasedEpochGenerator();
    private final Map<String, Long> markedOnlineAt = new java.util.HashMap<>();
    private volatile boolean running = true;
    private volatile boolean readerIdle;
    private volatile boolean readerDone;
    private volatile boolean writerDone;

    public EventIngest(DeviceAdapters adapters, DeviceDirectory devices, EventStore store, PointStore points,
            ImageStore images, Clock clock, MeterRegistry metrics) {
        this.adapters = adapters;
        this.attribution = new EventAttribution(devices);
        this.store = store;
        this.points = points;
        this.images = images;
        this.clock = clock;
        this.received = Counter.builder("hub.events.received").description("device messages received")
                .register(metrics);
        this.storedEvents = Counter.builder("hub.events.stored").description("normalized events stored")
                .register(metrics);
        this.duplicates = Counter.builder("hub.events.duplicates")
                .description("events received again (redeliveries), stored once").register(metrics);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder("hub.events.dead_letters").tag("reason", reason.label())
                    .description("device messages kept as dead letters").register(metrics));
        }
        this.batchTimer = Timer.builder("hub.events.batch").description("time to store one batch").register(metrics);
        metrics.gauge("hub.events.queue", queue, BlockingQueue::size);
        metrics.gauge("hub.events.queue.urgent", urgent, BlockingQueue::size);
        reader = stage(this::readLoop, "hub-event-reader");
        stage(this::writeLoop, "hub-event-writer");
        stage(this::notifyLoop, "hub-event-notifier");
    }

    private Thread stage(Runnable loop, String name) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
        stages.add(thread);
        return thread;
    }

    /** Called with every batch of newly stored events (for live viewers and republishing), on its own thread. */
    public void addListener(Consumer<List<StoredEvent>> listener) {
        listeners.add(listener);
    }

    /**
     * Queues a message; waits while the queue is full, which holds the broker back rather than losing anything. An
     * urgent message wakes the reader; the others wait for the batch being gathered, or wake a reader asleep on empty
     * queues.
     */
    public void submit(Message message) throws InterruptedException {
        received.increment();
        if (message.urgent()) {
            urgent.put(message);
            LockSupport.unpark(reader);
        } else {
            queue.put(message);
            if (readerIdle) {
                LockSupport.unpark(reader);
            }
        }
    }

    /** Messages waiting to be stored. */
    public int pending() {
        return queue.size() + urgent.size();
    }

    /** Messages read into events and dead letters, on their way to the database. */
    private record Batch(List<Message> messages, List<StoredEvent> events, List<DeadLetter> letters,
            OffsetDateTime receivedAt, boolean urgent) {
    }

    /**
     * Stage one: cuts the queued messages into batches and reads them (dialects, devices, images) while the writer
     * stores the previous one. Every batch costs a commit whatever its size, and a commit rewrites the database pages
     * it touches, so a batch of ordinary messages is cut once it has gathered for {@link #LINGER_NANOS} or has
     * {@link #BATCH} messages. Urgent messages make batches of their own, cut at once, unless the last was cut less
     * than {@link #URGENT_GAP_NANOS} ago, which keeps an alarm storm from turning into a commit per alarm; they do not
     * take the ordinary messages along, which would cut those into a batch every {@link #URGENT_GAP_NANOS} for as
     * long as alarms keep coming.
     */
    private void readLoop() {
        long lastCut = System.nanoTime() - LINGER_NANOS;
        long lastUrgentCut = lastCut;
        while (true) {
            try {
                long now = System.nanoTime();
                boolean hasUrgent = !urgent.isEmpty();
                boolean hasOrdinary = !queue.isEmpty();
                if (!hasUrgent && !hasOrdinary) {
                    if (!running) {
                        break;
                    }
                    // Nothing queued: sleep until a message or close wakes the reader, not every linger.
                    readerIdle = true;
                    if (queue.isEmpty() && urgent.isEmpty() && running) {
                        LockSupport.park(this);
                    }
                    readerIdle = false;
                    continue;
                }
                long urgentDue = lastUrgentCut + URGENT_GAP_NANOS;
                long ordinaryDue = queue.size() >= BATCH ? now : lastCut + LINGER_NANOS;
                boolean cutUrgent = hasUrgent && now - urgentDue >= 0;
                if (!cutUrgent && !(hasOrdinary && now - ordinaryDue >= 0)) {
                    // Ordinary messages do not wake a reader that is gathering a batch, so it looks again for a full
                    // batch every few ms.
                    long wait = hasOrdinary ? Math.min(FULL_CHECK_NANOS, ordinaryDue - now) : LINGER_NANOS;
                    LockSupport.parkNanos(this, hasUrgent ? Math.min(wait, urgentDue - now) : wait);
                    continue;
                }
                List<Message> batch = new ArrayList<>();
                if (cutUrgent) {
                    lastUrgentCut = now;
                    urgent.drainTo(batch, BATCH);
                } else {
                    lastCut = now;
                    queue.drainTo(batch, BATCH);
                }
                OffsetDateTime receivedAt = OffsetDateTime.now(clock);
                List<StoredEvent> events = new ArrayList<>(batch.size());
                List<DeadLetter> letters = new ArrayList<>();
                for (Message message : batch) {
                    read(message, receivedAt, events, letters);
                }
                toStore.put(new Batch(batch, events, letters, receivedAt, cutUrgent), cutUrgent);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("reading an event batch failed unexpectedly; its messages stay unacknowledged", e);
            }
        }
        readerDone = true;
        toStore.wake();
    }

    /**
     * Stage two: stores each batch in one transaction, then passes its new events on at once. The commits wait in
     * memory and are written out together every {@link #WRITE_OUT_NANOS} (at once for a batch that an HTTP push waits
     * on); only then are their messages acknowledged, so a crash before the write-out means a redelivery or a replay
     * from the journal, which de-duplication absorbs.
     */
    private void writeLoop() {
        List<Message> unwritten = new ArrayList<>();
        boolean awaited = false;
        long lastWriteOut = System.nanoTime();
        while (!readerDone || !toStore.isEmpty()) {
            try {
                long writeOutIn = unwritten.isEmpty() ? UrgentFirstQueue.FOREVER
                        : lastWriteOut + WRITE_OUT_NANOS - System.nanoTime();
                Batch batch = toStore.take(writeOutIn);
                if (batch != null) {
                    List<StoredEvent> fresh = storeWithRetry(batch.events(), batch.letters());
                    unwritten.addAll(batch.messages());
                    awaited |= batch.messages().stream().anyMatch(message -> message.dialect() != null);
                    storedEvents.increment(fresh.size());
                    duplicates.increment(batch.events().size() - fresh.size());
                    batch.letters().forEach(letter -> deadLetters.get(letter.reason()).increment());
                    if (!fresh.isEmpty() && !listeners.isEmpty()) {
                        toNotify.put(fresh, batch.urgent());
                    }
                    markOnline(batch.events(), batch.receivedAt().toInstant());
                }
                if (!unwritten.isEmpty() && (awaited || System.nanoTime() - lastWriteOut >= WRITE_OUT_NANOS)) {
                    writeOutAndAcknowledge(unwritten);
                    awaited = false;
                    lastWriteOut = System.nanoTime();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("an event batch failed unexpectedly; its messages stay unacknowledged for redelivery", e);
            }
        }
        try {
            writeOutAndAcknowledge(unwritten);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        writerDone = true;
        toNotify.wake();
    }

    private void writeOutAndAcknowledge(List<Message> unwritten) throws InterruptedException {
        if (unwritten.isEmpty()) {
            return;
        }
        long backoff = 200;
        while (true) {
            try {
                store.writeOut();
                break;
            } catch (RuntimeException e) {
                LOG.error("writing out {} stored messages failed; retrying in {} ms (nothing is acknowledged until it "
                        + "works)", unwritten.size(), backoff, e);
                TimeUnit.MILLISECONDS.sleep(backoff);
                backoff = Math.min(10_000, backoff * 2);
            }
        }
        // Taken off the list first: should an acknowledgement throw, the rest wait for a redelivery (stored once) rather
        // than being given twice.
        List<Message> written = List.copyOf(unwritten);
        unwritten.clear();
        for (Message message : written) {
            message.ack().run();
        }
    }

    /** Stage three: hands stored events to the live WebSocket and the republisher, off the writer's path. */
    private void notifyLoop() {
        while (!writerDone || !toNotify.isEmpty()) {
            try {
                List<StoredEvent> fresh = toNotify.take(UrgentFirstQueue.FOREVER);
                if (fresh == null) {
                    continue;
                }
                for (Consumer<List<StoredEvent>> listener : listeners) {
                    try {
                        listener.accept(fresh);
                    } catch (RuntimeException e) {
                        LOG.warn("an event listener failed", e);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<StoredEvent> storeWithRetry(List<StoredEvent> events, List<DeadLetter> letters)
            throws InterruptedException {
        long backoff = 200;
        while (true) {
            try {
                return batchTimer.recordCallable(() -> store.store(events, letters));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.error("storing {} events failed; retrying in {} ms (nothing is acknowledged until it works)",
                        events.size() + letters.size(), backoff, e);
                TimeUnit.MILLISECONDS.sleep(backoff);
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    private void read(Message message, OffsetDateTime now, List<StoredEvent> events, List<DeadLetter> letters) {
        DeviceAdapters.Match match = message.dialect() == null ? adapters.match(message.topic())
                : adapters.matchDialect(message.dialect(), message.topic());
        if (match == null || match.adapter() == null) {
            letters.add(letter(message, null, DeadLetterReason.UNKNOWN_TOPIC, null, "no dialect is bound to topic "
                    + message.topic(), now));
            return;
        }
        DeviceAdapter adapter = match.adapter();
        List<DeviceEvent> read;
        try {
            read = adapter.normalize(match.dialectTopic(), message.payload());
        } catch (PartlyReadException e) {
            // The good records are kept; the message is kept too, whole, for its bad ones.
            read = e.read();
            letters.add(letter(message, adapter.dialect(), DeadLetterReason.UNREADABLE, e.field(), e.getMessage(),
                    now));
        } catch (AdapterException e) {
            letters.add(letter(message, adapter.dialect(), DeadLetterReason.UNREADABLE, e.field(), e.getMessage(),
                    now));
            return;
        } catch (RuntimeException e) {
            LOG.warn("dialect {} failed on a payload from {}", adapter.dialect(), message.topic(), e);
            letters.add(letter(message, adapter.dialect(), DeadLetterReason.UNREADABLE, null,
                    "the " + adapter.dialect() + " adapter failed: " + e, now));
            return;
        }
        EventAttribution.Outcome outcome = attribution.attribute(match, read);
        for (EventAttribution.Attributed one : outcome.attributed()) {
            events.add(stored(one.event(), one.device(), adapter.dialect(), now));
        }
        for (EventAttribution.Refusal refusal : outcome.refusals()) {
            letters.add(letter(message, adapter.dialect(), refusal.reason(), refusal.field(), refusal.detail(), now));
        }
    }

    private StoredEvent stored(DeviceEvent event, DeviceDirectory.Device device, String dialect,
            OffsetDateTime now) {
        List<String> refs = new ArrayList<>();
        for (byte[] image : event.images()) {
            try {
                images.store(image, device.point().code()).ifPresent(refs::add);
            } catch (IOException e) {
                LOG.warn("an image from point {} could not be written", device.point().code(), e);
            }
        }
        Map<String, Object> attributes = event.attributes();
        if (!refs.isEmpty()) {
            attributes = new LinkedHashMap<>(attributes);
            attributes.put("imageRefs", refs);
        }
        return new StoredEvent(ids.generate().toString(), event.deviceEventId(), event.type(),
                device.point().code(), device.point().regionCode(), dialect,
                event.occurredAt() == null ? now : event.occurredAt(), now, event.severity(), attributes, refs);
    }

    private DeadLetter letter(Message message, String dialect, DeadLetterReason reason, String field, String detail,
            OffsetDateTime now) {
        byte[] payload = message.payload();
        byte[] kept = payload.length <= KEPT_PAYLOAD_BYTES ? payload : Arrays.copyOf(payload, KEPT_PAYLOAD_BYTES);
        return new DeadLetter(ids.generate().toString(), message.topic(), dialect, reason, field, detail, kept,
                payload.length, now);
    }

    /**
     * Every event is proof of life of its device; a device heard from a moment ago is not written again, since one
     * busy gate would otherwise cost an update in every batch.
     */
    private void markOnline(List<StoredEvent> events, Instant now) {
        long millis = now.toEpochMilli();
        Map<String, PointStatus> online = new LinkedHashMap<>();
        for (StoredEvent event : events) {
            Long marked = markedOnlineAt.get(event.pointCode());
            if (marked == null || millis - marked >= ONLINE_MARK_EVERY_MILLIS || millis < marked) {
                online.put(event.pointCode(), PointStatus.ONLINE);
            }
        }
        if (online.isEmpty()) {
            return;
        }
        if (markedOnlineAt.size() > 200_000) {
            markedOnlineAt.clear();
        }
        online.keySet().forEach(code -> markedOnlineAt.put(code, millis));
        try {
            points.updateStatuses(online, now);
        } catch (RuntimeException e) {
            LOG.warn("marking {} devices online failed", online.size(), e);
        }
    }

    /** Stores what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(reader);
        try {
            for (Thread stage : stages) {
                stage.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

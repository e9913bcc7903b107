package org.sharpeyes.hub.media.stream;

import io.netty.util.ReferenceCounted;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A stream's readers grouped by the event loop each one writes on, so that a picture crosses to another loop once per
 * loop (one task, one wake-up) rather than once per viewer, and is handed over directly where the viewer shares the
 * publisher's loop. Readers without a loop of their own are called on the publisher's thread. Not thread-safe: the
 * stream calls it under its own lock.
 */
final class ReaderLoops {

    private static final StreamReader[] NONE = new StreamReader[0];

    private final Map<EventExecutor, StreamReader[]> byLoop = new LinkedHashMap<>();
    private StreamReader[] direct = NONE;
    private int size;

    boolean add(StreamReader reader) {
        EventExecutor loop = reader.executor();
        StreamReader[] group = loop == null ? direct : byLoop.getOrDefault(loop, NONE);
        if (Arrays.asList(group).contains(reader)) {
            return false;
        }
        StreamReader[] grown = Arrays.copyOf(group, group.length + 1);
        grown[group.length] = reader;
        put(loop, grown);
        size++;
        return true;
    }

    boolean remove(StreamReader reader) {
        EventExecutor loop = reader.executor();
        StreamReader[] group = loop == null ? direct : byLoop.getOrDefault(loop, NONE);
        List<StreamReader> left = new ArrayList<>(Arrays.asList(group));
        if (!left.remove(reader)) {
            return false;
        }
        put(loop, left.toArray(NONE));
        size--;
        return true;
    }

    private void put(EventExecutor loop, StreamReader[] group) {
        if (loop == null) {
            direct = group;
        } else if (group.length == 0) {
            byLoop.remove(loop);
        } else {
            byLoop.put(loop, group);
        }
    }

    int size() {
        return size;
    }

    /** Every reader, for the stream's bookkeeping (never for delivery). */
    List<StreamReader> all() {
        List<StreamReader> all = new ArrayList<>(Arrays.asList(direct));
        byLoop.values().forEach(group -> all.addAll(Arrays.asList(group)));
        return all;
    }

    void clear() {
        byLoop.clear();
        direct = NONE;
        size = 0;
    }

    /**
     * Hands {@code item} to every reader on the reader's own loop; the groups on other loops each get one task, which
     * holds the item until it has run.
     */
    <T extends ReferenceCounted> void deliver(T item, BiConsumer<StreamReader, T> call) {
        for (StreamReader reader : direct) {
            call.accept(reader, item);
        }
        for (Map.Entry<EventExecutor, StreamReader[]> entry : byLoop.entrySet()) {
            StreamReader[] group = entry.getValue();
            EventExecutor loop = entry.getKey();
            if (loop.inEventLoop()) {
                for (StreamReader reader : group) {
                    call.accept(reader, item);
                }
                continue;
            }
            item.retain();
            loop.execute(() -> {
                try {
                    for (StreamReader reader : group) {
                        call.accept(reader, item);
                    }
                } finally {
                    item.release();
                }
            });
        }
    }
}

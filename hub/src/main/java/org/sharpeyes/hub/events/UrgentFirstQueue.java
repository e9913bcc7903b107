package org.sharpeyes.hub.events;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A hand-off between two event stages with an urgent lane and an ordinary one, each bounded (a full lane holds its
 * producer back): the taker blocks until something arrives, takes urgent items first, and wakes for nothing else, so
 * an idle hub's stages sleep instead of polling.
 */
final class UrgentFirstQueue<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Condition urgentRoom = lock.newCondition();
    private final Condition ordinaryRoom = lock.newCondition();
    private final ArrayDeque<T> urgent = new ArrayDeque<>();
    private final ArrayDeque<T> ordinary = new ArrayDeque<>();
    private final int urgentCapacity;
    private final int ordinaryCapacity;
    private boolean woken;

    UrgentFirstQueue(int urgentCapacity, int ordinaryCapacity) {
        this.urgentCapacity = urgentCapacity;
        this.ordinaryCapacity = ordinaryCapacity;
    }

    /** Adds {@code item} to its lane, waiting while that lane is full. */
    void put(T item, boolean isUrgent) throws InterruptedException {
        ArrayDeque<T> lane = isUrgent ? urgent : ordinary;
        int capacity = isUrgent ? urgentCapacity : ordinaryCapacity;
        lock.lockInterruptibly();
        try {
            while (lane.size() >= capacity) {
                (isUrgent ? urgentRoom : ordinaryRoom).await();
            }
            lane.add(item);
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest urgent item, else the oldest ordinary one, waiting up to {@code nanos} for one; null when none came
     * in time or {@link #wake} was called.
     */
    T take(long nanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long left = nanos;
            while (urgent.isEmpty() && ordinary.isEmpty() && !woken && left > 0) {
                left = arrived.awaitNanos(left);
            }
            woken = false;
            T item = urgent.poll();
            if (item != null) {
                urgentRoom.signal();
                return item;
            }
            item = ordinary.poll();
            if (item != null) {
                ordinaryRoom.signal();
            }
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** Makes a waiting {@link #take} return now, so the taker can see that its producer has finished. */
    void wake() {
        lock.lock();
        try {
            woken = true;
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return urgent.isEmpty() && ordinary.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Longer than any wait the stages need: they wake for an item, a deadline of their own, or {@link #wake}. */
    static final long FOREVER = TimeUnit.HOURS.toNanos(1);
}

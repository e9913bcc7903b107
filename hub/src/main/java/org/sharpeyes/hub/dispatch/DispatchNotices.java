package org.sharpeyes.hub.dispatch;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells centers what concerns them (alarms raised, escalated, acknowledged; a PTZ lock taken over; a point pushed
 * or shared to them) through whatever delivers it: the dispatch WebSocket registers itself per center.
 */
public final class DispatchNotices {

    /** A connected client of one center (null center: a hub-wide administrator, who hears every center). */
    public interface Listener {
        String centerCode();

        /** Called with a notice; must not block. */
        void deliver(Map<String, Object> notice);
    }

    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();

    public void add(Listener listener) {
        listeners.add(listener);
    }

    public void remove(Listener listener) {
        listeners.remove(listener);
    }

    /** Sends {@code notice} to every client of {@code centerCode} and to hub-wide administrators. */
    public void send(String centerCode, Map<String, Object> notice) {
        for (Listener listener : listeners) {
            if (listener.centerCode() == null || listener.centerCode().equals(centerCode)) {
                listener.deliver(notice);
            }
        }
    }
}

package org.sharpeyes.sim.onvif;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.sharpeyes.sim.camera.PtzPosition;

/**
 * One simulated ONVIF device (#19): its point code and name, where its PTZ points (shared with the camera
 * simulator, so the picture shows it), its presets, and the event subscriptions made on it.
 */
final class OnvifDeviceState {

    /** A saved position. */
    record Preset(String token, String name, int pan, int tilt, double zoom) {
    }

    /** A pull-point subscription and the events waiting in it. */
    static final class Subscription {
        final String id;
        Instant terminationTime;
        final Deque<String> waiting = new ArrayDeque<>();

        Subscription(String id, Instant terminationTime) {
            this.id = id;
            this.terminationTime = terminationTime;
        }
    }

    final String code;
    final String name;
    final PtzPosition ptz;
    private final Map<String, Preset> presets = new LinkedHashMap<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final AtomicInteger nextToken = new AtomicInteger(1);

    OnvifDeviceState(String code, String name, PtzPosition ptz) {
        this.code = code;
        this.name = name;
        this.ptz = ptz;
    }

    synchronized List<Preset> presets() {
        return new ArrayList<>(presets.values());
    }

    synchronized Preset preset(String token) {
        return presets.get(token);
    }

    /** Saves where the camera points as {@code name}, over {@code token} when given; returns the token. */
    synchronized String savePreset(String name, String token) {
        String t = token == null || token.isBlank() ? String.valueOf(nextToken.getAndIncrement()) : token;
        Preset old = presets.get(t);
        String label = name == null || name.isBlank() ? (old == null ? "Preset " + t : old.name()) : name;
        presets.put(t, new Preset(t, label, ptz.pan(), ptz.tilt(), ptz.zoom()));
        return t;
    }

    synchronized boolean removePreset(String token) {
        return presets.remove(token) != null;
    }

    synchronized Subscription subscribe(Instant terminationTime) {
        Subscription s = new Subscription(code + "-" + nextToken.getAndIncrement(), terminationTime);
        subscriptions.put(s.id, s);
        return s;
    }

    /** The live subscription {@code id}, or null when it lapsed at {@code now}, was ended, or never was. */
    synchronized Subscription subscription(String id, Instant now) {
        Subscription s = subscriptions.get(id);
        if (s != null && s.terminationTime.isBefore(now)) {
            subscriptions.remove(id);
            return null;
        }
        return s;
    }

    synchronized void unsubscribe(String id) {
        subscriptions.remove(id);
    }

    /** Forgets every subscription, as a camera does when it restarts. */
    synchronized void reboot() {
        subscriptions.clear();
    }

    /** Queues a notification message for every subscription. */
    synchronized int raise(String notification) {
        for (Subscription s : subscriptions.values()) {
            s.waiting.add(notification);
        }
        return subscriptions.size();
    }

    /** Takes up to {@code limit} waiting messages of {@code subscription}. */
    synchronized List<String> take(Subscription subscription, int limit) {
        List<String> out = new ArrayList<>();
        while (out.size() < limit && !subscription.waiting.isEmpty()) {
            out.add(subscription.waiting.poll());
        }
        return out;
    }

    synchronized int subscriptionCount() {
        return subscriptions.size();
    }
}

package org.sharpeyes.hub.gb28181;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * A GB/T 28181 device (camera, NVR or lower platform) as the registrar knows it: its 20-digit ID, where it was last
 * heard from, when its registration runs out and when it last gave a sign of life. Read and changed on the SIP
 * event loop only; the listener gets it there.
 */
public final class GbDevice {

    private final String id;
    private volatile SipPeer peer;
    private volatile Instant registeredAt;
    private volatile Instant expiresAt;
    private volatile Instant lastSeen;
    private volatile boolean online;
    private volatile Map<String, String> info = Map.of();
    private volatile Map<String, String> status = Map.of();
    private volatile String alarmSubscription = "not asked yet";
    private volatile ScheduledFuture<?> subscriptionRenewal;

    GbDevice(String id) {
        this.id = id;
    }

    /** The device's 20-digit ID (the user part of its SIP URI). */
    public String id() {
        return id;
    }

    /** Where the device was last heard from, and how to reach it. */
    public SipPeer peer() {
        return peer;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** Its last REGISTER or keepalive. */
    public Instant lastSeen() {
        return lastSeen;
    }

    public boolean online() {
        return online;
    }

    void registered(SipPeer from, Instant now, Instant expires) {
        peer = from;
        registeredAt = now;
        expiresAt = expires;
        lastSeen = now;
        online = true;
    }

    void seen(SipPeer from, Instant now) {
        peer = from;
        lastSeen = now;
    }

    void offline() {
        online = false;
        ScheduledFuture<?> renewal = subscriptionRenewal;
        if (renewal != null) {
            renewal.cancel(false);
        }
        alarmSubscription = "ended: the device went offline";
    }

    /** What its DeviceInfo answer said (DeviceName, Manufacturer, Model, Firmware, Channel), empty until it answers. */
    public Map<String, String> info() {
        return info;
    }

    /** What its DeviceStatus answer said (Online, Status, Encode, Record, DeviceTime …), empty until it answers. */
    public Map<String, String> status() {
        return status;
    }

    /** How its alarm subscription stands, in words: active until when, refused and how, or not answered. */
    public String alarmSubscription() {
        return alarmSubscription;
    }

    void info(Map<String, String> fields) {
        info = Map.copyOf(fields);
    }

    void status(Map<String, String> fields) {
        status = Map.copyOf(fields);
    }

    void alarmSubscription(String state, ScheduledFuture<?> renewal) {
        ScheduledFuture<?> previous = subscriptionRenewal;
        if (previous != null && previous != renewal) {
            previous.cancel(false);
        }
        alarmSubscription = state;
        subscriptionRenewal = renewal;
    }

    @Override
    public String toString() {
        return id + " at " + peer;
    }
}

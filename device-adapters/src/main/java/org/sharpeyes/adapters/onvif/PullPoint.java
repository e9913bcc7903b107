package org.sharpeyes.adapters.onvif;

import java.time.Instant;

/**
 * An event subscription a device made for the hub (#19): the address to pull from and when it lapses, on the
 * device's clock ({@code currentTime} is the device's own time when it answered, so the caller can renew in time).
 */
public record PullPoint(String address, Instant currentTime, Instant terminationTime) {
}

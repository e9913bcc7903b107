package org.sharpeyes.adapters.onvif;

/**
 * A PTZ position, velocity or translation in ONVIF's generic spaces (#19): pan and tilt −1 to 1, zoom 0 to 1 as a
 * position or −1 to 1 as a speed; a null axis is not moved or not known.
 */
public record PtzVector(Double pan, Double tilt, Double zoom) {
}

package org.sharpeyes.adapters.onvif;

/** A PTZ preset of a profile (#19): its token, its name and, where the device says, its position. */
public record PtzPreset(String token, String name, PtzVector position) {
}

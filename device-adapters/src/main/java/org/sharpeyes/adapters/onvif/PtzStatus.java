package org.sharpeyes.adapters.onvif;

/** Where a PTZ camera points and whether it is moving (#19); {@code position} axes may be null. */
public record PtzStatus(PtzVector position, boolean moving, String error) {
}

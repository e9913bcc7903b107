package org.sharpeyes.adapters.onvif;

/**
 * A media profile (#19): its token and name, the video encoding ({@code H264}, {@code H265}, {@code JPEG}, …, or
 * null), the picture size (0 when not given), whether a PTZ configuration is bound to it, and whether it came from
 * Media2.
 */
public record MediaProfile(String token, String name, String encoding, int width, int height, boolean ptz,
        boolean media2) {
}

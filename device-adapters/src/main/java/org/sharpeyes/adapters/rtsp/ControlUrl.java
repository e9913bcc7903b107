package org.sharpeyes.adapters.rtsp;

/** Where to SETUP a track: its SDP {@code a=control} resolved against the session's base (RFC 2326 C.1.1). */
public final class ControlUrl {

    private ControlUrl() {
    }

    /**
     * {@code control} as an absolute URL: itself when absolute, {@code base} for none or {@code *}, else appended to
     * {@code base} with one slash between.
     */
    public static String resolve(String base, String control) {
        if (control == null || control.isEmpty() || control.equals("*")) {
            return base;
        }
        if (control.regionMatches(true, 0, "rtsp://", 0, 7) || control.regionMatches(true, 0, "rtsps://", 0, 8)) {
            return control;
        }
        return base.endsWith("/") ? base + control : base + "/" + control;
    }
}

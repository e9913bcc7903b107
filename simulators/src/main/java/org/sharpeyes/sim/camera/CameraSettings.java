package org.sharpeyes.sim.camera;

/**
 * How the simulated cameras encode and whom they let in (no username: no authentication). With {@code loopFrames}
 * above 0 the cameras encode that many frames once and replay them forever (the clock repeats), so a benchmark can
 * run many high-resolution cameras without paying for live encoding. With {@code grain} the picture is covered in
 * sensor grain, so the encoder spends its whole bitrate on every frame, as a street camera does at night (the plain
 * picture compresses to a small fraction of any bitrate).
 */
public record CameraSettings(int width, int height, int fps, int bitrate, int gop, String username, String password,
        int loopFrames, boolean grain) {

    public static final CameraSettings DEFAULT = new CameraSettings(640, 360, 25, 1_000_000, 50, null, null);

    /** Live-encoding cameras. */
    public CameraSettings(int width, int height, int fps, int bitrate, int gop, String username, String password) {
        this(width, height, fps, bitrate, gop, username, password, 0);
    }

    /** Cameras with a plain picture. */
    public CameraSettings(int width, int height, int fps, int bitrate, int gop, String username, String password,
            int loopFrames) {
        this(width, height, fps, bitrate, gop, username, password, loopFrames, false);
    }

    public CameraSettings {
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("width and height must be even and at least 16, got " + width + "x"
                    + height);
        }
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("fps must be 1-60, got " + fps);
        }
        if (loopFrames < 0 || (loopFrames > 0 && loopFrames % gop != 0)) {
            throw new IllegalArgumentException("loopFrames must be 0 or a whole number of GOPs, got " + loopFrames);
        }
        if (gop < 1) {
            throw new IllegalArgumentException("gop must be at least 1, got " + gop);
        }
    }

    public boolean needsAuth() {
        return username != null && !username.isEmpty();
    }
}

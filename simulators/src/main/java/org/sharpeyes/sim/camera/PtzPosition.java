package org.sharpeyes.sim.camera;

import java.util.Locale;

/**
 * Where a simulated PTZ camera points: pan 0–359°, tilt 0–180 (90 is level), zoom 1–30×. Each move command steps it
 * by an amount that grows with the speed, and the picture shows it, so a test can see a command arrive.
 */
public final class PtzPosition {

    private int pan;
    private int tilt = 90;
    private double zoom = 1.0;
    private long commands;
    /** The preset the camera stands at (its token), until the next move. */
    private String preset;

    /** Applies a move: left, right, up, down, zoomIn, zoomOut or stop, at {@code speed} 0–1. */
    public synchronized boolean apply(String action, double speed) {
        preset = null;
        int step = 5 + (int) Math.round(25 * Math.max(0, Math.min(1, speed)));
        switch (action.toLowerCase(Locale.ROOT)) {
            case "left" -> pan = Math.floorMod(pan - step, 360);
            case "right" -> pan = Math.floorMod(pan + step, 360);
            case "up" -> tilt = Math.min(180, tilt + step);
            case "down" -> tilt = Math.max(0, tilt - step);
            case "zoomin" -> zoom = Math.min(30, zoom + step / 10.0);
            case "zoomout" -> zoom = Math.max(1, zoom - step / 10.0);
            case "stop" -> { }
            default -> {
                return false;
            }
        }
        commands++;
        return true;
    }

    /** Moves straight to {@code pan}°, {@code tilt}° and {@code zoom}×, clamped to the camera's range. */
    public synchronized void moveTo(double pan, double tilt, double zoom) {
        preset = null;
        this.pan = Math.floorMod((int) Math.round(pan), 360);
        this.tilt = (int) Math.round(Math.max(0, Math.min(180, tilt)));
        this.zoom = Math.max(1, Math.min(30, Math.round(zoom * 10) / 10.0));
        commands++;
    }

    /** Says the camera now stands at preset {@code token} (it went there, or it was saved here). */
    public synchronized void atPreset(String token) {
        preset = token;
    }

    /**
     * The position as the picture shows it: {@code pan-tilt-zoom}, e.g. {@code 035-090-1.0}, and {@code :token}
     * after it while the camera stands at a preset with a numeric token ({@code 035-090-1.0:2}).
     */
    public synchronized String display() {
        String at = String.format(Locale.ROOT, "%03d-%03d-%.1f", pan, tilt, zoom);
        return preset != null && preset.matches("\\d{1,3}") ? at + ":" + preset : at;
    }

    public synchronized int pan() {
        return pan;
    }

    public synchronized int tilt() {
        return tilt;
    }

    public synchronized double zoom() {
        return zoom;
    }

    public synchronized long commands() {
        return commands;
    }
}

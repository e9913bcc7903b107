package org.sharpeyes.hub.onvif;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.sharpeyes.adapters.onvif.OnvifClient;
import org.sharpeyes.adapters.onvif.OnvifException;
import org.sharpeyes.adapters.onvif.PtzPreset;
import org.sharpeyes.adapters.onvif.PtzStatus;
import org.sharpeyes.adapters.onvif.PtzVector;
import org.sharpeyes.hub.dispatch.PtzCommand;
import org.sharpeyes.hub.dispatch.PtzControl;
import org.sharpeyes.hub.registry.Point;

/**
 * PTZ through the camera's ONVIF PTZ service for points with an ONVIF address (#19); the others go to
 * {@code fallback} (the camera simulator's RTSP form). A direction or zoom is a ContinuousMove at the operator's
 * speed that the camera ends by itself after {@link #NUDGE} (the wall sends a click, not a press and release), and
 * stop is Stop; presets are listed, gone to, saved and removed.
 */
public final class OnvifPtzControl implements PtzControl {

    /** How long one command moves a camera that honours ContinuousMove's timeout. */
    static final Duration NUDGE = Duration.ofMillis(800);

    private final OnvifDevices devices;
    private final PtzControl fallback;

    public OnvifPtzControl(OnvifDevices devices, PtzControl fallback) {
        this.devices = devices;
        this.fallback = fallback;
    }

    @Override
    public CompletableFuture<Void> send(Point point, PtzCommand command) {
        if (point.onvifUrl() == null) {
            if (command.action() == PtzCommand.Action.PRESET) {
                return CompletableFuture.failedFuture(new OnvifException(OnvifException.Kind.NOT_SUPPORTED,
                        "point " + point.code() + " has no ONVIF address; presets go through ONVIF"));
            }
            return fallback.send(point, command);
        }
        return withProfile(point, (client, profile) -> switch (command.action()) {
            case STOP -> client.stop(profile);
            case PRESET -> client.gotoPreset(profile, command.preset());
            default -> client.continuousMove(profile, velocity(command), NUDGE);
        });
    }

    /** Where {@code point}'s camera points and whether it moves (GetStatus). */
    public CompletableFuture<PtzStatus> status(Point point) {
        if (point.onvifUrl() == null) {
            return CompletableFuture.failedFuture(new OnvifException(OnvifException.Kind.NOT_SUPPORTED,
                    "point " + point.code() + " has no ONVIF address to ask where it points"));
        }
        return withProfile(point, OnvifClient::ptzStatus);
    }

    /** The presets of {@code point}'s camera. */
    public CompletableFuture<List<PtzPreset>> presets(Point point) {
        return withProfile(point, OnvifClient::presets);
    }

    /** Saves where the camera points now as {@code name} (over {@code token} when given); gives the token. */
    public CompletableFuture<String> savePreset(Point point, String name, String token) {
        return withProfile(point, (client, profile) -> client.setPreset(profile, name, token));
    }

    public CompletableFuture<Void> removePreset(Point point, String token) {
        return withProfile(point, (client, profile) -> client.removePreset(profile, token));
    }

    private interface Call<T> {
        CompletableFuture<T> on(OnvifClient client, String profile);
    }

    private <T> CompletableFuture<T> withProfile(Point point, Call<T> call) {
        return devices.client(point).thenCompose(client -> devices.ptzProfile(point, client)
                .thenCompose(profile -> call.on(client, profile))
                .whenComplete((result, error) -> devices.remember(point.code(), client)));
    }

    private static PtzVector velocity(PtzCommand command) {
        double s = Math.max(0.05, Math.min(1, command.speed()));
        return switch (command.action()) {
            case LEFT -> new PtzVector(-s, 0.0, null);
            case RIGHT -> new PtzVector(s, 0.0, null);
            case UP -> new PtzVector(0.0, s, null);
            case DOWN -> new PtzVector(0.0, -s, null);
            case ZOOM_IN -> new PtzVector(null, null, s);
            case ZOOM_OUT -> new PtzVector(null, null, -s);
            default -> throw new IllegalArgumentException("not a move: " + command.action());
        };
    }
}

package org.sharpeyes.hub.gb28181;

import java.util.concurrent.CompletableFuture;
import org.sharpeyes.adapters.gb28181.manscdp.PtzCmd;
import org.sharpeyes.adapters.onvif.OnvifException;
import org.sharpeyes.hub.dispatch.PtzCommand;
import org.sharpeyes.hub.dispatch.PtzControl;
import org.sharpeyes.hub.registry.Point;

/**
 * PTZ for points streamed over GB/T 28181: a DeviceControl MESSAGE with the 8-byte {@code PTZCmd} to the channel
 * through its device (directions and zoom at the command's speed, stop, calling a preset by its number); other
 * points go to {@code fallback} (ONVIF, then the RTSP form). The tier locks are taken before, by the caller, as for
 * any camera; a GB/T 28181 device answers no "done", so the command is taken once the device accepts the MESSAGE.
 */
public final class GbPtzControl implements PtzControl {

    private final GbService gb;
    private final PtzControl fallback;

    public GbPtzControl(GbService gb, PtzControl fallback) {
        this.gb = gb;
        this.fallback = fallback;
    }

    @Override
    public CompletableFuture<Void> send(Point point, PtzCommand command) {
        GbStreamAddress address = GbStreamAddress.parse(point.streamUrl()).orElse(null);
        if (address == null) {
            return fallback.send(point, command);
        }
        String deviceId = address.deviceId();
        GbDevice device = gb.device(deviceId).filter(GbDevice::online).orElse(null);
        if (device == null) {
            return CompletableFuture.failedFuture(new OnvifException(OnvifException.Kind.UNREACHABLE,
                    "GB/T 28181 device " + deviceId + " of point " + point.code() + " is not registered"));
        }
        PtzCmd cmd;
        try {
            cmd = ptzCmd(command);
        } catch (NumberFormatException e) {
            return CompletableFuture.failedFuture(new OnvifException(OnvifException.Kind.NOT_SUPPORTED,
                    "GB/T 28181 presets are numbers from 1 to 255, got '" + command.preset() + "'"));
        }
        return gb.control(device, point.code(), cmd).thenCompose(answer -> answer.status() < 300
                ? CompletableFuture.<Void>completedFuture(null)
                : CompletableFuture.failedFuture(new OnvifException(OnvifException.Kind.FAULT,
                        "the device refused the PTZ command: " + answer.status() + " " + answer.reason())));
    }

    /**
     * What a received {@code PTZCmd} asks, as the hub's command: the first direction or zoom bit it sets (a
     * diagonal moves along its pan), a preset call, or stop; its pan or tilt speed as 0-1. Setting and deleting presets
     * are not taken (null).
     */
    static PtzCommand command(PtzCmd cmd) {
        double speed = Math.max(cmd.data1(), cmd.data2()) / 255.0;
        int bits = cmd.instruction();
        if (cmd.isPreset()) {
            return bits == PtzCmd.PRESET_CALL ? new PtzCommand(PtzCommand.Action.PRESET, 0,
                    String.valueOf(cmd.data2())) : null;
        }
        if ((bits & PtzCmd.LEFT) != 0) {
            return new PtzCommand(PtzCommand.Action.LEFT, speed);
        }
        if ((bits & PtzCmd.RIGHT) != 0) {
            return new PtzCommand(PtzCommand.Action.RIGHT, speed);
        }
        if ((bits & PtzCmd.UP) != 0) {
            return new PtzCommand(PtzCommand.Action.UP, speed);
        }
        if ((bits & PtzCmd.DOWN) != 0) {
            return new PtzCommand(PtzCommand.Action.DOWN, speed);
        }
        if ((bits & PtzCmd.ZOOM_IN) != 0) {
            return new PtzCommand(PtzCommand.Action.ZOOM_IN, cmd.zoomSpeed() / 15.0);
        }
        if ((bits & PtzCmd.ZOOM_OUT) != 0) {
            return new PtzCommand(PtzCommand.Action.ZOOM_OUT, cmd.zoomSpeed() / 15.0);
        }
        return bits == 0 ? new PtzCommand(PtzCommand.Action.STOP, 0) : null;
    }

    /** The command's GB form: speeds of 0-1 become 0-255 for pan and tilt and 0-15 for zoom. */
    static PtzCmd ptzCmd(PtzCommand command) {
        int speed = (int) Math.round(Math.max(0, Math.min(1, command.speed())) * 255);
        int zoom = (int) Math.round(Math.max(0, Math.min(1, command.speed())) * 15);
        return switch (command.action()) {
            case LEFT -> PtzCmd.move(PtzCmd.LEFT, speed, 0, 0);
            case RIGHT -> PtzCmd.move(PtzCmd.RIGHT, speed, 0, 0);
            case UP -> PtzCmd.move(PtzCmd.UP, 0, speed, 0);
            case DOWN -> PtzCmd.move(PtzCmd.DOWN, 0, speed, 0);
            case ZOOM_IN -> PtzCmd.move(PtzCmd.ZOOM_IN, 0, 0, zoom);
            case ZOOM_OUT -> PtzCmd.move(PtzCmd.ZOOM_OUT, 0, 0, zoom);
            case STOP -> PtzCmd.stop();
            case PRESET -> {
                int number = Integer.parseInt(command.preset().trim());
                if (number < 1 || number > 255) {
                    throw new NumberFormatException();
                }
                yield PtzCmd.preset(PtzCmd.PRESET_CALL, number);
            }
        };
    }
}

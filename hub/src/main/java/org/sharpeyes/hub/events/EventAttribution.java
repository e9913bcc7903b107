package org.sharpeyes.hub.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sharpeyes.adapters.event.DeviceAdapters;
import org.sharpeyes.adapters.event.DeviceEvent;

/**
 * Decides whose events a message's are: each event goes to the point its payload names, and only when that is the
 * device that sent it and a device of its kind speaks the dialect. The sender is the device the topic names: on the
 * embedded broker, which lets a device publish only on topics naming itself, the one logged in; for an HTTP push,
 * the one its login names. A topic that names no device (a site's binding without {@code {device}}) vouches for
 * nobody, and the payload's own device id stands, as on an outside broker whose topic rules are the site's.
 */
final class EventAttribution {

    /** An event and the device it is attributed to. */
    record Attributed(DeviceEvent event, DeviceDirectory.Device device) {
    }

    /** Why some of a message's events are attributed to nobody, for its dead letter. */
    record Refusal(DeadLetterReason reason, String field, String detail) {
    }

    /** The events attributed, and the refusals of the others. */
    record Outcome(List<Attributed> attributed, List<Refusal> refusals) {
    }

    private final DeviceDirectory devices;

    EventAttribution(DeviceDirectory devices) {
        this.devices = devices;
    }

    Outcome attribute(DeviceAdapters.Match match, List<DeviceEvent> read) {
        String dialect = match.adapter().dialect();
        String named = match.topicDevice();
        DeviceDirectory.Device sender = null;
        if (named != null && !named.isEmpty()) {
            sender = devices.find(named).orElse(null);
            if (sender == null) {
                return refused(new Refusal(DeadLetterReason.UNKNOWN_DEVICE, "topic", "unknown device " + named
                        + " in the topic: neither a registered point code nor a registered serial"));
            }
            if (!DialectDevices.fits(dialect, sender.point().type())) {
                return refused(new Refusal(DeadLetterReason.WRONG_DEVICE_TYPE, "topic", wrongType(dialect, sender)));
            }
        }
        List<Attributed> attributed = new ArrayList<>(read.size());
        List<String> unknown = new ArrayList<>();
        List<String> others = new ArrayList<>();
        List<String> wrongTypes = new ArrayList<>();
        for (DeviceEvent event : read) {
            Optional<DeviceDirectory.Device> device = devices.find(event.deviceId());
            if (device.isEmpty()) {
                unknown.add(event.deviceId());
            } else if (sender != null && !sender.point().code().equals(device.get().point().code())) {
                others.add(event.deviceId());
            } else if (!DialectDevices.fits(dialect, device.get().point().type())) {
                wrongTypes.add(wrongType(dialect, device.get()));
            } else {
                attributed.add(new Attributed(event, device.get()));
            }
        }
        List<Refusal> refusals = new ArrayList<>();
        if (!unknown.isEmpty()) {
            refusals.add(new Refusal(DeadLetterReason.UNKNOWN_DEVICE, "deviceId", "unknown device " + distinct(unknown)
                    + ": neither a registered point code nor a registered serial"));
        }
        if (!others.isEmpty()) {
            refusals.add(new Refusal(DeadLetterReason.IDENTITY_MISMATCH, "deviceId", "identity mismatch: the payload "
                    + "names " + distinct(others) + " but was sent by " + named + "; a device reports only for itself"));
        }
        if (!wrongTypes.isEmpty()) {
            refusals.add(new Refusal(DeadLetterReason.WRONG_DEVICE_TYPE, "deviceId", String.join("; ",
                    wrongTypes.stream().distinct().toList())));
        }
        return new Outcome(attributed, refusals);
    }

    private static Outcome refused(Refusal refusal) {
        return new Outcome(List.of(), List.of(refusal));
    }

    private static String distinct(List<String> ids) {
        return String.join(", ", ids.stream().distinct().toList());
    }

    private static String wrongType(String dialect, DeviceDirectory.Device device) {
        return "point " + device.point().code() + " is a " + device.point().type() + ", which does not speak "
                + dialect + " (" + DialectDevices.expected(dialect) + " do)";
    }
}

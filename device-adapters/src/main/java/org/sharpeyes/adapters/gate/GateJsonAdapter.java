package org.sharpeyes.adapters.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.Attributes;
import org.sharpeyes.adapters.event.DeviceAdapter;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.JsonPayload;
import org.sharpeyes.adapters.event.Payloads;
import org.sharpeyes.adapters.event.Plates;
import org.sharpeyes.adapters.event.Severity;

/**
 * {@code gate.json}: plain community gate controllers on {@code devices/gate/{deviceId}/event}: passes, barrier
 * states and faults; an event name the hub does not know is kept as a status report, not refused.
 */
public final class GateJsonAdapter implements DeviceAdapter {

    private final ZoneId zone;

    public GateJsonAdapter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String dialect() {
        return "gate.json";
    }

    @Override
    public List<String> topicFilters() {
        return List.of("devices/gate/+/event");
    }

    /** The down topic that opens gate {@code deviceId}, and the command's payload. */
    public static String openTopic(String deviceId) {
        return "devices/gate/" + deviceId + "/command";
    }

    public static String openCommand(String commandId) {
        return "{\"commandId\":\"" + commandId + "\",\"command\":\"OPEN\"}";
    }

    @Override
    public List<DeviceEvent> normalize(String topic, byte[] payload) throws AdapterException {
        JsonNode root = JsonPayload.parse(payload);
        String deviceId = JsonPayload.optionalText(root, "deviceId", "deviceId");
        if (deviceId == null || deviceId.isBlank()) {
            deviceId = Payloads.topicSegment(topic, 2);
        }
        if (deviceId == null) {
            throw new AdapterException("deviceId", "missing, and the topic names no device");
        }
        String event = JsonPayload.text(root, "event", "event").trim().toUpperCase(Locale.ROOT);
        String eventId = JsonPayload.optionalText(root, "eventId", "eventId");
        String time = JsonPayload.optionalText(root, "time", "time");
        String barrier = JsonPayload.optionalText(root, "barrier", "barrier");
        Attributes attributes = new Attributes();
        EventType type;
        Severity severity = Severity.INFO;
        switch (event) {
            case "PASS" -> {
                type = EventType.VEHICLE_PASS;
                String plate = JsonPayload.optionalText(root, "plate", "plate");
                String decoded = plate == null ? null : Plates.decode(plate);
                attributes.put("plate", decoded).raw("unreadablePlate", Plates.unreadable(plate, decoded))
                        .put("plateColor", Plates.colorOfName(JsonPayload.optionalText(root, "plateColor",
                                "plateColor")))
                        .put("direction", direction(JsonPayload.optionalText(root, "direction", "direction")))
                        .put("gateState", gateState(barrier));
            }
            case "OPENED", "CLOSED" -> {
                type = EventType.GATE_STATE;
                attributes.put("gateState", event);
            }
            case "FAULT" -> {
                type = EventType.DEVICE_FAULT;
                severity = Severity.WARNING;
                attributes.put("faultCode", JsonPayload.optionalText(root, "faultCode", "faultCode"))
                        .put("message", JsonPayload.optionalText(root, "message", "message"));
            }
            default -> {
                type = EventType.DEVICE_STATUS;
                attributes.put("message", event);
            }
        }
        return List.of(new DeviceEvent(deviceId, eventId == null || eventId.isBlank()
                ? Payloads.derivedId(topic, payload, 0) : eventId, type, severity,
                time == null ? null : DeviceTimes.iso(time, zone, "time"), attributes.build(), List.of()));
    }

    private static String direction(String text) {
        if (text == null) {
            return "UNKNOWN";
        }
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "IN", "ENTER", "入" -> "IN";
            case "OUT", "EXIT", "出" -> "OUT";
            default -> "UNKNOWN";
        };
    }

    private static String gateState(String barrier) {
        if (barrier == null) {
            return null;
        }
        String state = barrier.trim().toUpperCase(Locale.ROOT);
        return state.equals("OPENED") || state.equals("CLOSED") ? state : null;
    }
}

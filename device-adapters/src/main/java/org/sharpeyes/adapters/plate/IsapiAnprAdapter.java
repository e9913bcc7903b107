package org.sharpeyes.adapters.plate;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
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
import org.sharpeyes.adapters.event.XmlPayload;
import org.w3c.dom.Element;

/**
 * {@code plate.isapi}: Hikvision-style {@code EventNotificationAlert} in XML or JSON on
 * {@code devices/isapi/{deviceId}/anpr} (or pushed over HTTP): {@code ANPR} is a plate read, a heartbeat a status
 * report, any other event type (video loss, tampering …) a device fault.
 */
public final class IsapiAnprAdapter implements DeviceAdapter {

    private final ZoneId zone;

    public IsapiAnprAdapter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String dialect() {
        return "plate.isapi";
    }

    @Override
    public List<String> topicFilters() {
        return List.of("devices/isapi/+/anpr");
    }

    /** The fields of an alert, whichever syntax carried them. */
    private record Alert(String eventType, String eventState, String dateTime, String plate, String color,
            String direction, String confidence, String vehicleType, String description, String channel) {
    }

    @Override
    public List<DeviceEvent> normalize(String topic, byte[] payload) throws AdapterException {
        String deviceId = Payloads.topicSegment(topic, 2);
        if (deviceId == null) {
            throw new AdapterException("topic", "names no device: " + topic);
        }
        Alert alert = firstByte(payload) == '<' ? fromXml(payload) : fromJson(payload);
        if (alert.eventType() == null) {
            throw new AdapterException("eventType", "missing");
        }
        OffsetDateTime occurred = alert.dateTime() == null ? null : DeviceTimes.iso(alert.dateTime(), zone,
                "dateTime");
        String eventId = Payloads.derivedId(topic, payload, 0);
        String type = alert.eventType().trim();
        if (type.equalsIgnoreCase("ANPR")) {
            if (alert.plate() == null) {
                throw new AdapterException("ANPR.licensePlate", "missing");
            }
            String plate = Plates.decode(alert.plate());
            Attributes attributes = new Attributes().put("plate", plate)
                    .raw("unreadablePlate", Plates.unreadable(alert.plate(), plate))
                    .put("plateColor", Plates.colorOfName(alert.color()))
                    .put("direction", direction(alert.direction()))
                    .put("confidence", confidence(alert.confidence()))
                    .put("vehicleType", alert.vehicleType())
                    .raw("direction", alert.direction()).raw("channelID", alert.channel());
            return List.of(new DeviceEvent(deviceId, eventId, EventType.PLATE_READ, Severity.INFO, occurred,
                    attributes.build(), List.of()));
        }
        if (type.equalsIgnoreCase("heartBeat")) {
            return List.of(new DeviceEvent(deviceId, eventId, EventType.DEVICE_STATUS, Severity.INFO, occurred,
                    new Attributes().put("message", "heartbeat").build(), List.of()));
        }
        Attributes attributes = new Attributes().put("faultCode", type).put("message", alert.description())
                .raw("eventState", alert.eventState());
        return List.of(new DeviceEvent(deviceId, eventId, EventType.DEVICE_FAULT, Severity.WARNING, occurred,
                attributes.build(), List.of()));
    }

    private static Alert fromXml(byte[] payload) throws AdapterException {
        Element root = XmlPayload.parse(payload);
        Element anpr = XmlPayload.child(root, "ANPR");
        return new Alert(XmlPayload.optionalText(root, "eventType"), XmlPayload.optionalText(root, "eventState"),
                XmlPayload.optionalText(root, "dateTime"),
                anpr == null ? null : XmlPayload.optionalText(anpr, "licensePlate"),
                anpr == null ? null : XmlPayload.optionalText(anpr, "plateColor"),
                anpr == null ? null : XmlPayload.optionalText(anpr, "direction"),
                anpr == null ? null : XmlPayload.optionalText(anpr, "confidenceLevel"),
                anpr == null ? null : XmlPayload.optionalText(anpr, "vehicleType"),
                XmlPayload.optionalText(root, "eventDescription"), XmlPayload.optionalText(root, "channelID"));
    }

    private static Alert fromJson(byte[] payload) throws AdapterException {
        JsonNode root = JsonPayload.parse(payload);
        JsonNode alert = JsonPayload.at(root, "EventNotificationAlert");
        JsonNode node = alert != null && alert.isObject() ? alert : root;
        return new Alert(JsonPayload.optionalText(node, "eventType", "eventType"),
                JsonPayload.optionalText(node, "eventState", "eventState"),
                JsonPayload.optionalText(node, "dateTime", "dateTime"),
                JsonPayload.optionalText(node, "ANPR.licensePlate", "ANPR.licensePlate"),
                JsonPayload.optionalText(node, "ANPR.plateColor", "ANPR.plateColor"),
                JsonPayload.optionalText(node, "ANPR.direction", "ANPR.direction"),
                JsonPayload.optionalText(node, "ANPR.confidenceLevel", "ANPR.confidenceLevel"),
                JsonPayload.optionalText(node, "ANPR.vehicleType", "ANPR.vehicleType"),
                JsonPayload.optionalText(node, "eventDescription", "eventDescription"),
                JsonPayload.optionalText(node, "channelID", "channelID"));
    }

    private static int firstByte(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != (byte) 0xEF && b != (byte) 0xBB
                    && b != (byte) 0xBF) {
                return b;
            }
        }
        return -1;
    }

    private static Long confidence(String text) throws AdapterException {
        if (text == null) {
            return null;
        }
        try {
            return Math.round(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            throw new AdapterException("ANPR.confidenceLevel", "expected a number, got '" + text + "'");
        }
    }

    private static String direction(String text) {
        if (text == null) {
            return "UNKNOWN";
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "forward", "in", "enter" -> "IN";
            case "reverse", "back", "out", "exit" -> "OUT";
            default -> "UNKNOWN";
        };
    }
}

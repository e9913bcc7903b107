package org.sharpeyes.adapters.face;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.util.List;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.Attributes;
import org.sharpeyes.adapters.event.DeviceAdapter;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.JsonPayload;
import org.sharpeyes.adapters.event.Payloads;
import org.sharpeyes.adapters.event.Severity;

/**
 * {@code face.acs}: Hikvision-style access-controller events on {@code devices/acs/{deviceId}/event}: major 5 / minor
 * 75 is a verified face (a known person), 76 a face that matched nobody; anything else a status report.
 */
public final class AcsEventAdapter implements DeviceAdapter {

    private static final int MAJOR_EVENT = 5;
    private static final int FACE_VERIFIED = 75;
    private static final int FACE_NOT_MATCHED = 76;
    private final ZoneId zone;

    public AcsEventAdapter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String dialect() {
        return "face.acs";
    }

    @Override
    public List<String> topicFilters() {
        return List.of("devices/acs/+/event");
    }

    @Override
    public List<DeviceEvent> normalize(String topic, byte[] payload) throws AdapterException {
        String deviceId = Payloads.topicSegment(topic, 2);
        if (deviceId == null) {
            throw new AdapterException("topic", "names no device: " + topic);
        }
        JsonNode root = JsonPayload.parse(payload);
        String eventType = JsonPayload.text(root, "eventType", "eventType");
        String time = JsonPayload.optionalText(root, "dateTime", "dateTime");
        JsonNode event = JsonPayload.at(root, "AccessControllerEvent");
        Long major = event == null ? null : JsonPayload.optionalLong(event, "majorEventType",
                "AccessControllerEvent.majorEventType");
        Long minor = event == null ? null : JsonPayload.optionalLong(event, "subEventType",
                "AccessControllerEvent.subEventType");
        Long serial = event == null ? null : JsonPayload.optionalLong(event, "serialNo",
                "AccessControllerEvent.serialNo");
        EventType type = EventType.DEVICE_STATUS;
        Attributes attributes = new Attributes();
        if (major != null && major == MAJOR_EVENT && minor != null && minor == FACE_VERIFIED) {
            type = EventType.FACE_MATCH;
            attributes.put("matched", true)
                    .put("personName", JsonPayload.optionalText(event, "name", "AccessControllerEvent.name"))
                    .put("employeeNo", JsonPayload.optionalText(event, "employeeNoString",
                            "AccessControllerEvent.employeeNoString"));
        } else if (major != null && major == MAJOR_EVENT && minor != null && minor == FACE_NOT_MATCHED) {
            type = EventType.FACE_CAPTURE;
            attributes.put("matched", false);
        } else {
            attributes.put("message", eventType);
        }
        attributes.raw("majorEventType", major).raw("subEventType", minor)
                .raw("deviceName", event == null ? null : JsonPayload.optionalText(event, "deviceName",
                        "AccessControllerEvent.deviceName"))
                .raw("currentVerifyMode", event == null ? null : JsonPayload.optionalText(event,
                        "currentVerifyMode", "AccessControllerEvent.currentVerifyMode"));
        return List.of(new DeviceEvent(deviceId, serial == null ? Payloads.derivedId(topic, payload, 0)
                : "serialNo:" + serial, type, Severity.INFO,
                time == null ? null : DeviceTimes.iso(time, zone, "dateTime"), attributes.build(), List.of()));
    }
}

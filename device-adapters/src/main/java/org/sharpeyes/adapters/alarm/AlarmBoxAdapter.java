package org.sharpeyes.adapters.alarm;

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
import org.sharpeyes.adapters.event.Severity;

/**
 * {@code alarm.json}: school alarm boxes on {@code devices/alarm/{deviceId}/sos}: {@code SOS} is a critical one-key
 * alarm, {@code TEST} a drill, {@code CANCEL} ends the device's open alarm, {@code FAULT}/{@code TAMPER} a device
 * fault. An alarm type the hub does not know is raised as a critical alarm: a panic button is never ignored.
 */
public final class AlarmBoxAdapter implements DeviceAdapter {

    private final ZoneId zone;

    public AlarmBoxAdapter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String dialect() {
        return "alarm.json";
    }

    @Override
    public List<String> topicFilters() {
        return List.of("devices/alarm/+/sos");
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
        String alarmType = JsonPayload.text(root, "alarmType", "alarmType").trim().toUpperCase(Locale.ROOT);
        String alarmId = JsonPayload.optionalText(root, "alarmId", "alarmId");
        Long ts = JsonPayload.optionalLong(root, "ts", "ts");
        Double lon = JsonPayload.optionalDouble(root, "lng", "lng");
        if (lon == null) {
            lon = JsonPayload.optionalDouble(root, "lon", "lon");
        }
        Attributes attributes = new Attributes().put("alarmType", alarmType)
                .put("description", JsonPayload.optionalText(root, "zone", "zone"))
                .put("lat", JsonPayload.optionalDouble(root, "lat", "lat")).put("lon", lon)
                .raw("battery", JsonPayload.optionalLong(root, "battery", "battery"));
        EventType type = EventType.ONE_KEY_ALARM;
        Severity severity = Severity.CRITICAL;
        switch (alarmType) {
            case "SOS" -> attributes.put("drill", false);
            case "TEST" -> {
                attributes.put("drill", true);
                severity = Severity.INFO;
            }
            case "CANCEL" -> severity = Severity.INFO;
            case "FAULT", "TAMPER" -> {
                type = EventType.DEVICE_FAULT;
                severity = Severity.WARNING;
                attributes.put("faultCode", alarmType);
            }
            default -> attributes.put("drill", false);
        }
        return List.of(new DeviceEvent(deviceId, alarmId == null || alarmId.isBlank()
                ? Payloads.derivedId(topic, payload, 0) : alarmId + (alarmType.equals("CANCEL") ? ":CANCEL" : ""),
                type, severity, ts == null ? null : DeviceTimes.epoch(ts, zone, "ts"), attributes.build(), List.of()));
    }
}

package org.sharpeyes.adapters.alarm;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.Attributes;
import org.sharpeyes.adapters.event.DeviceAdapter;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Payloads;
import org.sharpeyes.adapters.event.Severity;
import org.sharpeyes.adapters.event.XmlPayload;
import org.w3c.dom.Element;

/**
 * {@code alarm.gb28181}: GB/T 28181 {@code Notify/Alarm} XML on {@code devices/gb/{deviceId}/alarm}, decoded by its
 * own declaration (GB2312): priority 1 is critical, 2 a warning, 3–4 information; alarm method 6 (device fault) a
 * device fault; a keep-alive notification a status report.
 */
public final class Gb28181AlarmAdapter implements DeviceAdapter {

    private final ZoneId zone;

    public Gb28181AlarmAdapter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String dialect() {
        return "alarm.gb28181";
    }

    @Override
    public List<String> topicFilters() {
        return List.of("devices/gb/+/alarm");
    }

    @Override
    public List<DeviceEvent> normalize(String topic, byte[] payload) throws AdapterException {
        Element root = XmlPayload.parse(payload);
        String command = XmlPayload.text(root, "CmdType");
        String deviceId = XmlPayload.optionalText(root, "DeviceID");
        if (deviceId == null) {
            deviceId = Payloads.topicSegment(topic, 2);
        }
        if (deviceId == null) {
            throw new AdapterException("DeviceID", "missing, and the topic names no device");
        }
        String sn = XmlPayload.optionalText(root, "SN");
        String time = XmlPayload.optionalText(root, "AlarmTime");
        OffsetDateTime occurred = time == null ? null : DeviceTimes.iso(time, zone, "AlarmTime");
        String eventId = sn == null ? Payloads.derivedId(topic, payload, 0) : "SN:" + sn + (time == null ? ""
                : "@" + time);
        if (command.equalsIgnoreCase("Keepalive")) {
            return List.of(new DeviceEvent(deviceId, eventId, EventType.DEVICE_STATUS, Severity.INFO, occurred,
                    new Attributes().put("message", "keep-alive").build(), List.of()));
        }
        if (!command.equalsIgnoreCase("Alarm")) {
            throw new AdapterException("CmdType", "expected Alarm or Keepalive, got '" + command + "'");
        }
        Long priority = XmlPayload.optionalLong(root, "AlarmPriority");
        Long method = XmlPayload.optionalLong(root, "AlarmMethod");
        String alarmType = method == null ? "ALARM" : switch (method.intValue()) {
            case 1 -> "PHONE";
            case 2 -> "DEVICE";
            case 3 -> "SMS";
            case 4 -> "GPS";
            case 5 -> "VIDEO";
            case 6 -> "FAULT";
            default -> "OTHER";
        };
        Attributes attributes = new Attributes().put("alarmType", alarmType)
                .put("description", XmlPayload.optionalText(root, "AlarmDescription"))
                .put("lat", XmlPayload.optionalDouble(root, "Latitude"))
                .put("lon", XmlPayload.optionalDouble(root, "Longitude"))
                .raw("AlarmPriority", priority).raw("AlarmMethod", method)
                .raw("AlarmType", XmlPayload.optionalText(root, "AlarmType"));
        if ("FAULT".equals(alarmType)) {
            attributes.put("faultCode", "GB28181_METHOD_6");
            return List.of(new DeviceEvent(deviceId, eventId, EventType.DEVICE_FAULT, Severity.WARNING, occurred,
                    attributes.build(), List.of()));
        }
        attributes.put("drill", false);
        Severity severity = priority == null || priority <= 1 ? Severity.CRITICAL
                : priority == 2 ? Severity.WARNING : Severity.INFO;
        return List.of(new DeviceEvent(deviceId, eventId, EventType.ONE_KEY_ALARM, severity, occurred,
                attributes.build(), List.of()));
    }
}

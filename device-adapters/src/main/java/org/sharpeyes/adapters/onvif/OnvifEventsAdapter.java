package org.sharpeyes.adapters.onvif;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.Attributes;
import org.sharpeyes.adapters.event.DeviceAdapter;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Payloads;
import org.sharpeyes.adapters.event.Severity;

/**
 * {@code onvif.events}: a camera's ONVIF events, as its PullMessages answer (or a WS-BaseNotification Notify) on
 * {@code devices/onvif/{device}/events} (#19). The hub's own pull-point subscriptions submit them here; a bridge may
 * publish them on MQTT. Motion (any topic naming motion) gives {@code MOTION}; tamper and video loss give
 * {@code DEVICE_FAULT} when they start and {@code DEVICE_STATUS} when they end; the state a subscription reports when
 * it begins ({@code Initialized}, not active) and topics of other kinds are not events.
 */
public final class OnvifEventsAdapter implements DeviceAdapter {

    @Override
    public String dialect() {
        return "onvif.events";
    }

    @Override
    public List<String> topicFilters() {
        return List.of("devices/onvif/+/events");
    }

    @Override
    public List<DeviceEvent> normalize(String topic, byte[] payload) throws AdapterException {
        String deviceId = Payloads.topicSegment(topic, 2);
        if (deviceId == null) {
            throw new AdapterException("topic", "names no device: " + topic);
        }
        XmlElement envelope;
        try {
            envelope = XmlElement.parse(payload);
        } catch (OnvifException e) {
            throw new AdapterException("payload", e.getMessage());
        }
        XmlElement body = envelope.child("Body").flatMap(b -> b.children().stream().findFirst()).orElseThrow(() ->
                new AdapterException("Envelope.Body", "missing or empty"));
        if (!body.name().equals("PullMessagesResponse") && !body.name().equals("Notify")) {
            throw new AdapterException("Envelope.Body", "expected PullMessagesResponse or Notify, got "
                    + body.name());
        }
        List<DeviceEvent> events = new ArrayList<>();
        int index = 0;
        for (OnvifNotification note : OnvifAnswers.notifications(body)) {
            index++;
            OnvifNotification.Kind kind = note.kind();
            boolean active = note.active();
            if (kind == OnvifNotification.Kind.OTHER || "Initialized".equals(note.operation()) && !active) {
                continue;
            }
            OffsetDateTime occurred = note.utcTime() == null ? null : note.utcTime().atOffset(ZoneOffset.UTC);
            String eventId = note.utcTime() == null ? Payloads.derivedId(topic, payload, index)
                    : "onvif:" + note.topic() + "@" + note.utcTime() + ":" + active;
            Attributes attributes = new Attributes().put("topic", note.topic()).put("active", active);
            if (note.source().containsKey("Rule")) {
                attributes.put("rule", note.source().get("Rule"));
            }
            String source = note.source().getOrDefault("VideoSourceConfigurationToken",
                    note.source().get("Source"));
            attributes.put("videoSource", source);
            for (Map.Entry<String, String> item : note.data().entrySet()) {
                attributes.raw(item.getKey(), item.getValue());
            }
            EventType type;
            Severity severity = Severity.INFO;
            if (kind == OnvifNotification.Kind.MOTION) {
                type = EventType.MOTION;
            } else if (active) {
                type = EventType.DEVICE_FAULT;
                severity = Severity.WARNING;
                attributes.put("faultCode", kind.name()).put("message", kind == OnvifNotification.Kind.TAMPER
                        ? "the camera reports tampering (covered, moved or defocused)" : "the camera lost its video");
            } else {
                type = EventType.DEVICE_STATUS;
                attributes.put("message", kind == OnvifNotification.Kind.TAMPER ? "tampering ended"
                        : "video restored");
            }
            events.add(new DeviceEvent(deviceId, eventId, type, severity, occurred, attributes.build(), List.of()));
        }
        return events;
    }
}

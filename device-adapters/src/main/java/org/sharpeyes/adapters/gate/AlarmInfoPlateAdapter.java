package org.sharpeyes.adapters.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
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
 * {@code gate.alarminfoplate}: parking cameras' MQTT envelope ({@code device/{sn}/message/up/ivs_result} with an
 * {@code AlarmInfoPlate}, and {@code .../keep_alive}); plates in plain text or Base64, colours by number.
 */
public final class AlarmInfoPlateAdapter implements DeviceAdapter {

    private static final String PLATE = "payload.AlarmInfoPlate.result.PlateResult";
    private final ZoneId zone;

    public AlarmInfoPlateAdapter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String dialect() {
        return "gate.alarminfoplate";
    }

    @Override
    public List<String> topicFilters() {
        return List.of("device/+/message/up/ivs_result", "device/+/message/up/keep_alive");
    }

    /** The down topic that opens this dialect's gate {@code sn}, and the command's payload. */
    public static String openTopic(String sn) {
        return "device/" + sn + "/message/down/gpio_out";
    }

    public static String openCommand(String sn, String commandId, long epochSeconds) {
        return "{\"id\":\"" + commandId + "\",\"sn\":\"" + sn + "\",\"name\":\"gpio_out\",\"version\":\"1.0\","
                + "\"timestamp\":" + epochSeconds + ",\"payload\":{\"type\":\"gpio_out\",\"body\":{\"delay\":500,"
                + "\"io\":0,\"value\":2}}}";
    }

    @Override
    public List<DeviceEvent> normalize(String topic, byte[] payload) throws AdapterException {
        JsonNode root = JsonPayload.parse(payload);
        String sn = Payloads.topicSegment(topic, 1);
        if (sn == null) {
            sn = JsonPayload.text(root, "sn", "sn");
        }
        String id = JsonPayload.optionalText(root, "id", "id");
        String eventId = id == null || id.isBlank() ? Payloads.derivedId(topic, payload, 0) : id;
        Long stamp = JsonPayload.optionalLong(root, "timestamp", "timestamp");
        OffsetDateTime sent = stamp == null ? null : DeviceTimes.epoch(stamp, zone, "timestamp");
        if (topic.endsWith("/keep_alive")) {
            return List.of(new DeviceEvent(sn, eventId, EventType.DEVICE_STATUS, Severity.INFO, sent,
                    new Attributes().put("message", "keep-alive").raw("name",
                            JsonPayload.optionalText(root, "name", "name")).build(), List.of()));
        }
        if (!topic.endsWith("/ivs_result")) {
            throw new AdapterException("topic", "neither ivs_result nor keep_alive: " + topic);
        }
        JsonNode plate = JsonPayload.at(root, PLATE);
        if (plate == null) {
            throw new AdapterException(PLATE, "missing");
        }
        String license = JsonPayload.text(plate, "license", PLATE + ".license");
        Long sec = JsonPayload.optionalLong(plate, "timeStamp.Timeval.sec", PLATE + ".timeStamp.Timeval.sec");
        Long usec = JsonPayload.optionalLong(plate, "timeStamp.Timeval.usec", PLATE + ".timeStamp.Timeval.usec");
        OffsetDateTime occurred = sec == null ? sent
                : DeviceTimes.epoch(sec, zone, PLATE + ".timeStamp.Timeval.sec")
                        .plusNanos((usec == null ? 0 : usec) * 1_000);
        Long color = JsonPayload.optionalLong(plate, "colorType", PLATE + ".colorType");
        Long direction = JsonPayload.optionalLong(plate, "direction", PLATE + ".direction");
        List<byte[]> images = new ArrayList<>();
        byte[] image = Payloads.image(JsonPayload.optionalText(plate, "imageFile", PLATE + ".imageFile"),
                PLATE + ".imageFile");
        if (image != null) {
            images.add(image);
        }
        String decoded = Plates.decode(license);
        Attributes attributes = new Attributes()
                .put("plate", decoded)
                .raw("unreadablePlate", Plates.unreadable(license, decoded))
                .put("plateColor", color(color))
                .put("direction", direction == null ? "UNKNOWN" : direction == 4 ? "IN" : direction == 3 ? "OUT"
                        : "UNKNOWN")
                .put("confidence", JsonPayload.optionalLong(plate, "confidence", PLATE + ".confidence"))
                .put("vehicleType", JsonPayload.optionalText(plate, "type", PLATE + ".type"))
                .raw("direction", direction)
                .raw("triggerType", JsonPayload.optionalLong(plate, "triggerType", PLATE + ".triggerType"))
                .raw("channel", JsonPayload.optionalLong(root, "payload.AlarmInfoPlate.channel", "channel"))
                .raw("deviceName", JsonPayload.optionalText(root, "payload.AlarmInfoPlate.deviceName", "deviceName"))
                .raw("ipaddr", JsonPayload.optionalText(root, "payload.AlarmInfoPlate.ipaddr", "ipaddr"));
        return List.of(new DeviceEvent(sn, eventId, EventType.VEHICLE_PASS, Severity.INFO, occurred,
                attributes.build(), images));
    }

    private static String color(Long code) {
        if (code == null) {
            return "UNKNOWN";
        }
        return switch (code.intValue()) {
            case 1 -> "BLUE";
            case 2 -> "YELLOW";
            case 3 -> "WHITE";
            case 4 -> "BLACK";
            case 5 -> "GREEN";
            case 6 -> "YELLOW_GREEN";
            default -> "UNKNOWN";
        };
    }
}

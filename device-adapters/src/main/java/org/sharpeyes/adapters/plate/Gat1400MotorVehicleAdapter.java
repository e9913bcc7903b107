package org.sharpeyes.adapters.plate;

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
import org.sharpeyes.adapters.event.PartlyReadException;
import org.sharpeyes.adapters.event.Payloads;
import org.sharpeyes.adapters.event.Plates;
import org.sharpeyes.adapters.event.Severity;

/**
 * {@code plate.gat1400}: GA/T 1400 motor-vehicle records on {@code devices/viid/{deviceId}/motorvehicles} (or POSTed
 * to {@code /VIID/MotorVehicles}); every record of a message is one plate read, its images decoded.
 */
public final class Gat1400MotorVehicleAdapter implements DeviceAdapter {

    private static final String LIST = "MotorVehicleListObject.MotorVehicleObject";
    private final ZoneId zone;

    public Gat1400MotorVehicleAdapter(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String dialect() {
        return "plate.gat1400";
    }

    @Override
    public List<String> topicFilters() {
        return List.of("devices/viid/+/motorvehicles");
    }

    @Override
    public List<DeviceEvent> normalize(String topic, byte[] payload) throws AdapterException {
        JsonNode root = JsonPayload.parse(payload);
        List<JsonNode> records = JsonPayload.list(root, LIST, LIST);
        String topicDevice = Payloads.topicSegment(topic, 2);
        return PartlyReadException.readEach(records, (record, i) -> record(record, LIST + "[" + i + "]", topic, payload,
                i, topicDevice));
    }

    private DeviceEvent record(JsonNode record, String at, String topic, byte[] payload, int index,
            String topicDevice) throws AdapterException {
        String deviceId = JsonPayload.optionalText(record, "DeviceID", at + ".DeviceID");
        if (deviceId == null || deviceId.isBlank()) {
            deviceId = topicDevice;
        }
        if (deviceId == null) {
            throw new AdapterException(at + ".DeviceID", "missing");
        }
        String id = JsonPayload.optionalText(record, "MotorVehicleID", at + ".MotorVehicleID");
        boolean hasPlate = !"0".equals(JsonPayload.optionalText(record, "HasPlate", at + ".HasPlate"));
        String plate = hasPlate ? JsonPayload.text(record, "PlateNo", at + ".PlateNo")
                : JsonPayload.optionalText(record, "PlateNo", at + ".PlateNo");
        String passTime = JsonPayload.optionalText(record, "PassTime", at + ".PassTime");
        String decoded = plate == null ? null : Plates.decode(plate);
        Attributes attributes = new Attributes()
                .put("plate", decoded)
                .raw("unreadablePlate", Plates.unreadable(plate, decoded))
                .put("plateColor", Plates.colorOfGat1400(JsonPayload.optionalText(record, "PlateColor",
                        at + ".PlateColor")))
                .put("direction", "UNKNOWN")
                .put("confidence", JsonPayload.optionalLong(record, "PlateReliability", at + ".PlateReliability"))
                .put("vehicleType", JsonPayload.optionalText(record, "VehicleClass", at + ".VehicleClass"))
                .raw("Direction", JsonPayload.optionalText(record, "Direction", at + ".Direction"))
                .raw("PlateClass", JsonPayload.optionalText(record, "PlateClass", at + ".PlateClass"))
                .raw("VehicleColor", JsonPayload.optionalText(record, "VehicleColor", at + ".VehicleColor"))
                .raw("Speed", JsonPayload.optionalDouble(record, "Speed", at + ".Speed"))
                .raw("LaneNo", JsonPayload.optionalLong(record, "LaneNo", at + ".LaneNo"))
                .raw("TollgateID", JsonPayload.optionalText(record, "TollgateID", at + ".TollgateID"));
        return new DeviceEvent(deviceId, id == null || id.isBlank() ? Payloads.derivedId(topic, payload, index) : id,
                EventType.PLATE_READ, Severity.INFO,
                passTime == null ? null : DeviceTimes.compact(passTime, zone, at + ".PassTime"), attributes.build(),
                Gat1400Images.read(record, at));
    }
}

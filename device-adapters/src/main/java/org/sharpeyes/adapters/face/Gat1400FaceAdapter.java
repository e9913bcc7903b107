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
import org.sharpeyes.adapters.event.PartlyReadException;
import org.sharpeyes.adapters.event.Payloads;
import org.sharpeyes.adapters.event.Severity;
import org.sharpeyes.adapters.plate.Gat1400Images;

/**
 * {@code face.gat1400}: GA/T 1400 face records on {@code devices/viid/{deviceId}/faces} (or POSTed to
 * {@code /VIID/Faces}): a record naming a watch list ({@code DispositionID}) with a similarity at or above the
 * threshold is a watch-list match ({@code CRITICAL}), any other a face capture.
 */
public final class Gat1400FaceAdapter implements DeviceAdapter {

    private static final String LIST = "FaceListObject.FaceObject";
    private final ZoneId zone;
    private final double threshold;

    /** {@code threshold} is the similarity (0–1) from which a watch-list hit counts as a match. */
    public Gat1400FaceAdapter(ZoneId zone, double threshold) {
        this.zone = zone;
        this.threshold = threshold;
    }

    @Override
    public String dialect() {
        return "face.gat1400";
    }

    @Override
    public List<String> topicFilters() {
        return List.of("devices/viid/+/faces");
    }

    @Override
    public List<DeviceEvent> normalize(String topic, byte[] payload) throws AdapterException {
        JsonNode root = JsonPayload.parse(payload);
        List<JsonNode> records = JsonPayload.list(root, LIST, LIST);
        String topicDevice = Payloads.topicSegment(topic, 2);
        return PartlyReadException.readEach(records, (record, i) -> face(record, i, topic, payload, topicDevice));
    }

    private DeviceEvent face(JsonNode record, int i, String topic, byte[] payload, String topicDevice)
            throws AdapterException {
        String at = LIST + "[" + i + "]";
        String deviceId = JsonPayload.optionalText(record, "DeviceID", at + ".DeviceID");
        if (deviceId == null || deviceId.isBlank()) {
            deviceId = topicDevice;
        }
        if (deviceId == null) {
            throw new AdapterException(at + ".DeviceID", "missing");
        }
        String id = JsonPayload.optionalText(record, "FaceID", at + ".FaceID");
        String watchlist = JsonPayload.optionalText(record, "DispositionID", at + ".DispositionID");
        Double similarity = JsonPayload.optionalDouble(record, "SimilarityDegree", at + ".SimilarityDegree");
        if (similarity != null && similarity > 1) {
            similarity = similarity / 100;
        }
        boolean match = watchlist != null && !watchlist.isBlank() && similarity != null && similarity >= threshold;
        String appeared = JsonPayload.optionalText(record, "FaceAppearTime", at + ".FaceAppearTime");
        Attributes attributes = new Attributes().put("matched", match).put("similarity", similarity)
                .put("watchlist", watchlist)
                .raw("GenderCode", JsonPayload.optionalText(record, "GenderCode", at + ".GenderCode"))
                .raw("InfoKind", JsonPayload.optionalLong(record, "InfoKind", at + ".InfoKind"));
        return new DeviceEvent(deviceId, id == null || id.isBlank() ? Payloads.derivedId(topic, payload, i)
                : id, match ? EventType.FACE_MATCH : EventType.FACE_CAPTURE,
                match ? Severity.CRITICAL : Severity.INFO,
                appeared == null ? null : DeviceTimes.compact(appeared, zone, at + ".FaceAppearTime"),
                attributes.build(), Gat1400Images.read(record, at));
    }
}

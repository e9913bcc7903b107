package org.sharpeyes.adapters.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Severity;

class Gat1400FaceAdapterTest {

    private final Gat1400FaceAdapter adapter = new Gat1400FaceAdapter(DeviceTimes.CHINA, 0.85);
    private static final String TOPIC = "devices/viid/51012200001190000007/faces";

    static String face(String id, String similarity, String disposition) {
        return "{\"FaceID\":\"" + id + "\",\"InfoKind\":1,\"DeviceID\":\"51012200001190000007\",\"LeftTopX\":410,"
                + "\"FaceAppearTime\":\"20261122080300\",\"GenderCode\":\"1\",\"SubImageList\":{\"SubImageInfoObject\":"
                + "[{\"ImageID\":\"i\",\"Type\":\"11\",\"FileFormat\":\"Jpeg\",\"Data\":\"/9j/AAEC\"}]}"
                + (similarity == null ? "" : ",\"SimilarityDegree\":" + similarity)
                + (disposition == null ? "" : ",\"DispositionID\":\"" + disposition + "\"") + "}";
    }

    private List<DeviceEvent> read(String... faces) throws AdapterException {
        return adapter.normalize(TOPIC, ("{\"FaceListObject\":{\"FaceObject\":[" + String.join(",", faces) + "]}}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWatchListHitAtTheThresholdIsACriticalMatch() throws AdapterException {
        List<DeviceEvent> events = read(face("f1", "0.93", "watchlist-01"), face("f2", "0.80", "watchlist-01"),
                face("f3", null, null), face("f4", "\"91\"", "watchlist-02"));
        assertThat(events).extracting(DeviceEvent::type).containsExactly(EventType.FACE_MATCH,
                EventType.FACE_CAPTURE, EventType.FACE_CAPTURE, EventType.FACE_MATCH);
        assertThat(events.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(events.get(0).attributes()).containsEntry("similarity", 0.93).containsEntry("watchlist",
                "watchlist-01").containsEntry("matched", true);
        assertThat(events.get(1).severity()).isEqualTo(Severity.INFO);
        assertThat(events.get(3).attributes()).as("a percentage is read as a share").containsEntry("similarity",
                0.91);
        assertThat(events.get(0).images()).hasSize(1);
    }

    @Test
    void namesTheRecordAtFault() {
        assertThatThrownBy(() -> read(face("f1", "\"high\"", "w"))).hasMessageContaining(
                "FaceObject[0].SimilarityDegree");
        assertThatThrownBy(() -> read(face("f1", "0.9", "w").replace("/9j/AAEC", "**"))).hasMessageContaining(
                "FaceObject[0].SubImageList.SubImageInfoObject[0].Data");
    }
}

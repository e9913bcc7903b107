package org.sharpeyes.hub.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Severity;
import org.sharpeyes.hub.events.StoredEvent;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;

/** A box that keeps sending within one ingest batch gives one alarm whose repeats count every extra press. */
class AlarmRepeatsTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();

    private static StoredEvent press(String box, String alarmType) {
        OffsetDateTime now = OffsetDateTime.now();
        return new StoredEvent(UUID.randomUUID().toString(), UUID.randomUUID().toString(), EventType.ONE_KEY_ALARM,
                box, SmallCounty.VILLAGE_1_1, "alarm.json", now, now, Severity.CRITICAL, Map.of("alarmType",
                        alarmType), List.of());
    }

    private static JsonNode alarmsOf(String box) {
        ApiClient.Reply reply = HUB.admin().get("/api/v1/alarms?size=500");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        List<JsonNode> mine = new java.util.ArrayList<>();
        reply.json().get("items").forEach(item -> {
            if (item.get("pointCode").asText().equals(box)) {
                mine.add(item);
            }
        });
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(mine);
    }

    @Test
    void countsRepeatsWithinOneBatchOnTheOneOpenAlarmAndStartsAfreshAfterACancel() {
        Map<String, Object> point = SmallCounty.device(SmallCounty.VILLAGE_1_1, "ONE_KEY_ALARM", "134", 41, null, null,
                null);
        assertThat(HUB.admin().post("/api/v1/points", point).status()).isEqualTo(201);
        String box = (String) point.get("code");
        AlarmDesk desk = HUB.hub().hub().alarms();

        desk.onEvents(List.of(press(box, "SOS"), press(box, "SOS"), press(box, "SOS"), press(box, "SOS")));
        JsonNode alarms = alarmsOf(box);
        assertThat(alarms).hasSize(1);
        assertThat(alarms.get(0).get("repeats").asInt()).isEqualTo(3);

        desk.onEvents(List.of(press(box, "SOS"), press(box, "CANCEL"), press(box, "SOS"), press(box, "SOS")));
        alarms = alarmsOf(box);
        assertThat(alarms).hasSize(2);
        assertThat(alarms.findValuesAsText("state")).containsExactlyInAnyOrder("CLOSED", "OPEN");
        for (JsonNode alarm : alarms) {
            assertThat(alarm.get("repeats").asInt()).as(alarm.toString())
                    .isEqualTo(alarm.get("state").asText().equals("CLOSED") ? 4 : 1);
        }
    }
}

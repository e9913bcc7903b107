package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Severity;
import org.sharpeyes.hub.api.Json;

/** The live and republished JSON of an event is exactly the REST view's, field for field and value for value. */
class EventViewsTest {

    @Test
    void writesTheSameJsonAsTheRestViewForEveryKindOfAttribute() throws Exception {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("plate", "川A·88K21 \"引号\" \\ \u0001");
        attributes.put("confidence", 97);
        attributes.put("similarity", 0.875);
        attributes.put("bytes", 12_345_678_901L);
        attributes.put("matched", true);
        attributes.put("exact", new BigDecimal("1.50"));
        attributes.put("score", 0.5f);
        attributes.put("imageRefs", List.of("images/ab/cd.jpg", "images/ef/01.jpg"));
        attributes.put("raw", Map.of("event", "PASS", "nested", Map.of("lane", 2, "empty", List.of())));
        attributes.put("nothing", null);
        OffsetDateTime received = OffsetDateTime.parse("2026-11-30T08:00:00.123456+08:00");
        for (OffsetDateTime occurred : List.of(OffsetDateTime.parse("2026-11-30T08:00+08:00"),
                OffsetDateTime.parse("2026-11-30T07:59:59.5Z"), OffsetDateTime.parse("2026-11-30T08:00+08:00"))) {
            StoredEvent event = new StoredEvent("0193a1b2-0000-7000-8000-000000000001", "g-1", EventType.VEHICLE_PASS,
                    "51012201011410900001", "510122001", "gate.json", occurred, received, Severity.INFO, attributes,
                    List.of("images/ab/cd.jpg"));

            assertThat(EventViews.json(event)).isEqualTo(Json.MAPPER.writeValueAsString(EventViews.event(event)));
        }
    }
}

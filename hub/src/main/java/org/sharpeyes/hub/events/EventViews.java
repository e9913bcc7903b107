package org.sharpeyes.hub.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sharpeyes.hub.api.Json;

/** Events and dead letters as the API, the live WebSocket and {@code hub/events/...} show them. */
public final class EventViews {

    private EventViews() {
    }

    public static Map<String, Object> event(StoredEvent event) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", event.id());
        view.put("deviceEventId", event.deviceEventId());
        view.put("type", event.type().name());
        view.put("pointCode", event.pointCode());
        view.put("regionCode", event.regionCode());
        view.put("occurredAt", event.occurredAt().toString());
        view.put("receivedAt", event.receivedAt().toString());
        view.put("severity", event.severity().name());
        view.put("attributes", event.attributes());
        view.put("dialect", event.dialect());
        return view;
    }

    public static String json(StoredEvent event) {
        try {
            return Json.MAPPER.writeValueAsString(event(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event cannot be written as JSON", e);
        }
    }

    public static Map<String, Object> deadLetter(DeadLetter letter) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", letter.id());
        view.put("topic", letter.topic());
        view.put("dialect", letter.dialect());
        view.put("reason", letter.reason().label());
        view.put("field", letter.field());
        view.put("detail", letter.detail());
        view.put("receivedAt", letter.receivedAt().toString());
        view.put("payloadBytes", letter.payloadBytes());
        view.put("payloadBase64", Base64.getEncoder().encodeToString(letter.payload()));
        view.put("payloadText", new String(letter.payload(), java.nio.charset.StandardCharsets.UTF_8));
        return view;
    }
}

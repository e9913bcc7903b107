package org.sharpeyes.hub.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Collection;
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

    /** The event as {@link #event} shows it, in UTF-8 JSON. */
    public static byte[] jsonBytes(StoredEvent event) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        // Written field by field rather than through a map: this runs for every event stored, twice when someone
        // watches live, and the map, its serializer look-ups and the date texts were most of the notifier's time.
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", event.id());
            json.writeStringField("deviceEventId", event.deviceEventId());
            json.writeStringField("type", event.type().name());
            json.writeStringField("pointCode", event.pointCode());
            json.writeStringField("regionCode", event.regionCode());
            json.writeStringField("occurredAt", OCCURRED.text(event.occurredAt()));
            json.writeStringField("receivedAt", RECEIVED.text(event.receivedAt()));
            json.writeStringField("severity", event.severity().name());
            json.writeFieldName("attributes");
            writeValue(json, event.attributes());
            json.writeStringField("dialect", event.dialect());
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("an event cannot be written as JSON", e);
        }
        return out.toByteArray();
    }

    public static String json(StoredEvent event) {
        return new String(jsonBytes(event), StandardCharsets.UTF_8);
    }

    /** Attribute values are text, numbers, booleans, lists and maps of them; anything else goes to the mapper. */
    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeValue(json, item);
            }
            json.writeEndArray();
        } else {
            Json.MAPPER.writeValue(json, value);
        }
    }

    /**
     * The text of the last time written: the events of a batch share their receiving time, and a device's events
     * often their device time, and {@link OffsetDateTime#toString} is dear.
     */
    private static final class LastText {
        private record Known(OffsetDateTime time, String text) {
        }

        private volatile Known last;

        String text(OffsetDateTime time) {
            Known known = last;
            if (known != null && known.time().equals(time)) {
                return known.text();
            }
            String text = time.toString();
            last = new Known(time, text);
            return text;
        }
    }

    private static final LastText OCCURRED = new LastText();
    private static final LastText RECEIVED = new LastText();

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

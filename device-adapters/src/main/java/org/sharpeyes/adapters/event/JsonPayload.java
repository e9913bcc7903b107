package org.sharpeyes.adapters.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON payload liberally (unknown fields ignored, numbers given as strings accepted, comments and trailing
 * commas tolerated), and names the dotted path of a field that is missing or of the wrong type.
 */
public final class JsonPayload {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(64 * 1024 * 1024).build());
    }

    private JsonPayload() {
    }

    /** The payload's root object; invalid JSON (or UTF-8) names the line and column. */
    public static JsonNode parse(byte[] payload) throws AdapterException {
        if (payload.length == 0) {
            throw new AdapterException(null, "empty payload");
        }
        try {
            JsonNode root = MAPPER.readTree(payload);
            if (root == null || !root.isObject()) {
                throw new AdapterException(null, "payload is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new AdapterException(null, "not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new AdapterException(null, "unreadable payload: " + e.getMessage());
        }
    }

    /** The node at a dotted {@code path} below {@code node}, or null when any step is absent or JSON null. */
    public static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String step : path.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(step);
        }
        return current == null || current.isNull() || current.isMissingNode() ? null : current;
    }

    /** A required text (numbers are taken as their text); {@code name} is how the error names the field. */
    public static String text(JsonNode node, String path, String name) throws AdapterException {
        String text = optionalText(node, path, name);
        if (text == null || text.isBlank()) {
            throw new AdapterException(name, "missing");
        }
        return text;
    }

    /** An optional text; an object or array where text belongs is an error. */
    public static String optionalText(JsonNode node, String path, String name) throws AdapterException {
        JsonNode value = at(node, path);
        if (value == null) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new AdapterException(name, "expected text, got " + value.getNodeType().name().toLowerCase());
        }
        // A NUL is never part of a plate, a name or an id, and truncates the text in C clients that show it.
        return value.asText().replace("\0", "");
    }

    /** An optional whole number, given as a number or a numeric string. */
    public static Long optionalLong(JsonNode node, String path, String name) throws AdapterException {
        JsonNode value = at(node, path);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new AdapterException(name, "expected a whole number, got one too large: " + Payloads.cut(
                        value.asText()));
            }
            return value.asLong();
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new AdapterException(name, "expected a whole number, got '" + text + "'");
            }
        }
        double number = value.asDouble();
        // 1e400 reads as infinity, which rint leaves alone and asLong turns into the largest long.
        if (value.isNumber() && Double.isFinite(number) && number == Math.rint(number) && Math.abs(number) < 9.0e18) {
            return value.asLong();
        }
        throw new AdapterException(name, "expected a whole number, got " + Payloads.cut(value.toString()));
    }

    /** A required whole number. */
    public static long requiredLong(JsonNode node, String path, String name) throws AdapterException {
        Long value = optionalLong(node, path, name);
        if (value == null) {
            throw new AdapterException(name, "missing");
        }
        return value;
    }

    /** An optional decimal number, given as a number or a numeric string. */
    public static Double optionalDouble(JsonNode node, String path, String name) throws AdapterException {
        JsonNode value = at(node, path);
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new AdapterException(name, "expected a number, got '" + text + "'");
            }
        }
        throw new AdapterException(name, "expected a number, got " + value);
    }

    /** The elements of a required array; a single object where a list belongs is taken as a list of one. */
    public static List<JsonNode> list(JsonNode node, String path, String name) throws AdapterException {
        JsonNode value = at(node, path);
        if (value == null) {
            throw new AdapterException(name, "missing");
        }
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
        } else if (value.isObject()) {
            items.add(value);
        } else {
            throw new AdapterException(name, "expected a list of objects, got " + value.getNodeType().name()
                    .toLowerCase());
        }
        if (items.isEmpty()) {
            throw new AdapterException(name, "empty list");
        }
        return items;
    }
}

package org.sharpeyes.adapters.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** What every dialect needs besides its fields: topic segments, Base64 images, and event ids derived from payloads. */
public final class Payloads {

    private Payloads() {
    }

    /** A value as an error message repeats it: the first 80 characters at most. */
    public static String cut(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "… (" + value.length() + " characters)";
    }

    /** Segment {@code index} (from 0) of an MQTT topic, or null when the topic is shorter. */
    public static String topicSegment(String topic, int index) {
        String[] segments = topic.split("/", -1);
        return index < segments.length && !segments[index].isEmpty() ? segments[index] : null;
    }

    /**
     * A stable id for an event whose device gave none: the same topic and payload (a redelivery) give the same id, so
     * de-duplication still works; {@code index} tells apart several events of one payload.
     */
    public static String derivedId(String topic, byte[] payload, int index) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(topic.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(payload);
            return "sha256:" + HexFormat.of().formatHex(digest.digest(), 0, 16) + (index > 0 ? "#" + index : "");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A Base64 image (a data: URL prefix and line breaks allowed); null for blank, an error naming the field for junk. */
    public static byte[] image(String base64, String field) throws AdapterException {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        String data = base64.trim();
        int comma = data.startsWith("data:") ? data.indexOf(',') : -1;
        if (comma >= 0) {
            data = data.substring(comma + 1);
        }
        try {
            return Base64.getDecoder().decode(data.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new AdapterException(field, "not Base64: " + e.getMessage());
        }
    }
}

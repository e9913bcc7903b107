package org.sharpeyes.adapters.onvif;

import java.time.Instant;
import java.util.Map;

/**
 * One event a device sent (#19): its topic without namespace prefixes ({@code VideoSource/MotionAlarm}), when it
 * happened (null when the device does not say), its property operation ({@code Initialized}, {@code Changed},
 * {@code Deleted} or null), and the simple items of its source and data.
 */
public record OnvifNotification(String topic, Instant utcTime, String operation, Map<String, String> source,
        Map<String, String> data) {

    /** What the hub makes of the topic: motion, tamper, video loss, or something it does not take. */
    public enum Kind { MOTION, TAMPER, VIDEO_LOSS, OTHER }

    /** The kind of this event, by topic, for the topics vendors commonly use. */
    public Kind kind() {
        String t = topic == null ? "" : topic.toLowerCase(java.util.Locale.ROOT);
        if (t.contains("motion")) {
            return Kind.MOTION;
        }
        if (t.contains("tamper") || t.contains("globalscenechange")) {
            return Kind.TAMPER;
        }
        if (t.contains("signalloss") || t.contains("videoloss") || t.contains("lossofsignal")) {
            return Kind.VIDEO_LOSS;
        }
        return Kind.OTHER;
    }

    /**
     * Whether the condition is on: the first data item that reads as a boolean ({@code State}, {@code IsMotion},
     * {@code IsTamper}, …), true when no item says.
     */
    public boolean active() {
        for (String key : new String[] {"State", "IsMotion", "IsTamper", "Value"}) {
            String v = data.get(key);
            if (v != null) {
                return v.equalsIgnoreCase("true") || v.equals("1");
            }
        }
        for (String v : data.values()) {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return v.equalsIgnoreCase("true");
            }
        }
        return true;
    }
}

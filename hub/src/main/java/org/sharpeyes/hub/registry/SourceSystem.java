package org.sharpeyes.hub.registry;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** The camera network a point came from: 天网, 雪亮, 慧眼, 数字城管, 智慧交通, 应急广播, or a smart community's own system. */
public enum SourceSystem {
    SKYNET, SHARP_EYES, WISE_EYE, DIGITAL_CITY, SMART_TRAFFIC, EMERGENCY_BROADCAST, COMMUNITY;

    private static final Map<String, SourceSystem> CHINESE = Map.of(
            "天网", SKYNET, "雪亮", SHARP_EYES, "雪亮工程", SHARP_EYES, "慧眼", WISE_EYE, "数字城管", DIGITAL_CITY,
            "智慧交通", SMART_TRAFFIC, "应急广播", EMERGENCY_BROADCAST, "智慧安防小区", COMMUNITY, "小区", COMMUNITY);

    /** Parses a source by its code name (any case) or its Chinese name. */
    public static Optional<SourceSystem> parse(String text) {
        String value = text.strip();
        return Arrays.stream(values()).filter(s -> s.name().equalsIgnoreCase(value.replace('-', '_'))).findFirst()
                .or(() -> Optional.ofNullable(CHINESE.get(value)));
    }

    /** The names a client may send, for error messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
    }
}

package org.sharpeyes.hub.registry;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What kind of device a point is, with the GB/T 28181 type codes (digits 11–13 of its code) it may carry. */
public enum PointType {
    CAMERA(true, "131", "132"),
    PTZ_CAMERA(true, "131", "132"),
    BARRIER_GATE(false, "141"),
    PLATE_RECOGNIZER(true, "132", "139"),
    FACE_RECOGNIZER(true, "132", "139"),
    ACCESS_CONTROL(false, "142", "139"),
    ONE_KEY_ALARM(false, "134");

    // Installers' spreadsheets often name the type in Chinese; accepting the usual words saves them a rewrite.
    private static final Map<String, PointType> CHINESE = Map.ofEntries(
            Map.entry("摄像机", CAMERA), Map.entry("枪机", CAMERA), Map.entry("半球", CAMERA), Map.entry("球机", PTZ_CAMERA),
            Map.entry("云台摄像机", PTZ_CAMERA), Map.entry("道闸", BARRIER_GATE), Map.entry("车牌识别", PLATE_RECOGNIZER),
            Map.entry("人脸识别", FACE_RECOGNIZER), Map.entry("人脸抓拍", FACE_RECOGNIZER), Map.entry("门禁", ACCESS_CONTROL),
            Map.entry("一键报警", ONE_KEY_ALARM));

    private final boolean video;
    private final Set<String> typeCodes;

    PointType(boolean video, String... typeCodes) {
        this.video = video;
        this.typeCodes = Set.of(typeCodes);
    }

    /** Whether the device delivers a video stream. */
    public boolean hasVideo() {
        return video;
    }

    /** Whether {@code typeCode} (three digits) may stand in digits 11–13 of this type's point codes. */
    public boolean acceptsTypeCode(String typeCode) {
        return typeCodes.contains(typeCode);
    }

    /** The accepted type codes, in ascending order, for messages. */
    public String typeCodesText() {
        return String.join(" or ", typeCodes.stream().sorted().toList());
    }

    /** Parses a type by its code name (any case) or its usual Chinese name. */
    public static Optional<PointType> parse(String text) {
        String value = text.strip();
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(value.replace('-', '_'))).findFirst()
                .or(() -> Optional.ofNullable(CHINESE.get(value)));
    }

    /** The names a client may send, for error messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
    }
}

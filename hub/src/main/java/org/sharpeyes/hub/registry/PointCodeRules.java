package org.sharpeyes.hub.registry;

import java.util.Optional;

/**
 * Checks a point code against GB/T 28181 and the point it names: 20 digits, 8 administrative-region digits of which
 * the first 6 are the county code, 2 industry, 3 type, 1 network, 6 serial.
 */
public final class PointCodeRules {

    private PointCodeRules() {
    }

    /** Whether the text is 20 digits, and if not, why. */
    public static Optional<String> checkShape(String code) {
        if (code.length() != 20) {
            return Optional.of("must be 20 digits (GB/T 28181), got " + code.length() + " characters");
        }
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return Optional.of("must be 20 digits (GB/T 28181), but character " + (i + 1) + " is '" + code.charAt(i)
                        + "'");
            }
        }
        return Optional.empty();
    }

    /** Whether the code fits the point's region and type, and if not, which digits are wrong and why. */
    public static Optional<String> check(String code, PointType type, Region region) {
        Optional<String> shape = checkShape(code);
        if (shape.isPresent()) {
            return shape;
        }
        String county = code.substring(0, 6);
        if (!county.equals(region.countyCode())) {
            return Optional.of("digits 1-6 (" + county + ") must equal the county code " + region.countyCode()
                    + " of region " + region.code());
        }
        String typeCode = typeCode(code);
        if (!type.acceptsTypeCode(typeCode)) {
            return Optional.of("digits 11-13 (" + typeCode + ") are the GB/T 28181 device type code, and a " + type
                    + " needs " + type.typeCodesText());
        }
        return Optional.empty();
    }

    /** Digits 11–13: the GB/T 28181 device type code. */
    public static String typeCode(String code) {
        return code.substring(10, 13);
    }
}

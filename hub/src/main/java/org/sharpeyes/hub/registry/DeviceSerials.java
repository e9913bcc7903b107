package org.sharpeyes.hub.registry;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a vendor serial may be: devices log in and name themselves in MQTT topics by it, so it is one topic level of
 * letters, digits and {@code -_.:}, never an MQTT wildcard, a {@code /}, the shape of a point code (it would let a
 * device speak for the point of that code) or a word the hub's own topics use.
 */
public final class DeviceSerials {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    private static final Pattern POINT_CODE = Pattern.compile("\\d{20}");
    /** The fixed levels of the hub's and the dialects' default topics, and words of the broker's own. */
    private static final Set<String> RESERVED = Set.of("hub", "sys", "devices", "device", "gate", "event", "command",
            "message", "up", "down", "ivs_result", "keep_alive", "gpio_out", "isapi", "anpr", "viid", "motorvehicles",
            "faces", "acs", "alarm", "sos", "gb", "events", "probe", "admin", "root");

    private DeviceSerials() {
    }

    /** What is wrong with {@code serial} as a device's serial, if anything. */
    public static Optional<String> check(String serial) {
        if (!ALLOWED.matcher(serial).matches()) {
            return Optional.of("must be 1 to 64 letters, digits, '-', '_', '.' or ':' starting with a letter or digit "
                    + "(no spaces, '/', '+' or '#'), got '" + Echo.text(serial) + "'");
        }
        if (POINT_CODE.matcher(serial).matches()) {
            return Optional.of("must not be 20 digits: that is the shape of a point code, and a device's serial may "
                    + "not stand for another point");
        }
        if (RESERVED.contains(serial.toLowerCase(Locale.ROOT))) {
            return Optional.of("'" + serial + "' is a word the hub's topics use; choose the device's own serial");
        }
        return Optional.empty();
    }
}

package org.sharpeyes.sim.device;

/**
 * One simulated device: the point it is registered as, its dialect, the MQTT login it uses (its code or serial and
 * its registered password) and the name it puts in its topics.
 */
public record SimulatedDevice(String pointCode, Dialect dialect, String login, String password) {

    /** Reads {@code code,dialect,login,password} (login: the code, or the serial registered on the point). */
    public static SimulatedDevice parse(String line) {
        String[] parts = line.split(",", -1);
        if (parts.length < 4) {
            throw new IllegalArgumentException("a device is code,dialect,login,password; got '" + line + "'");
        }
        return new SimulatedDevice(parts[0].trim(), Dialect.of(parts[1]), parts[2].trim(), parts[3].trim());
    }
}

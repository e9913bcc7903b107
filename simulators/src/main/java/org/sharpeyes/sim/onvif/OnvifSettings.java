package org.sharpeyes.sim.onvif;

import java.time.Duration;
import java.util.Set;

/**
 * How the simulated ONVIF devices behave (#19): the login they check and how ({@link Auth}), how far their clock is
 * from the real one, how long they take to answer, and which operations they answer with a fault.
 */
public record OnvifSettings(String username, String password, Auth auth, Duration clockSkew, Duration delay,
        Set<String> faults) {

    /** How a device checks the login. */
    public enum Auth {
        /** WS-UsernameToken only: a missing or wrong token is a NotAuthorized fault. */
        TOKEN,
        /** HTTP Digest only: a request without it is answered 401 with a challenge. */
        DIGEST,
        /** Either, as most cameras ship: a request with neither is answered 401 with a challenge and a fault. */
        ANY,
        /** No login at all. */
        NONE
    }

    /** Devices that check {@code username}/{@code password} either way, on time, answering at once. */
    public static OnvifSettings of(String username, String password) {
        return new OnvifSettings(username, password, username == null ? Auth.NONE : Auth.ANY, Duration.ZERO,
                Duration.ZERO, Set.of());
    }

    public OnvifSettings withAuth(Auth mode) {
        return new OnvifSettings(username, password, mode, clockSkew, delay, faults);
    }

    public OnvifSettings withClockSkew(Duration skew) {
        return new OnvifSettings(username, password, auth, skew, delay, faults);
    }

    public OnvifSettings withDelay(Duration wait) {
        return new OnvifSettings(username, password, auth, clockSkew, wait, faults);
    }

    public OnvifSettings withFaults(Set<String> operations) {
        return new OnvifSettings(username, password, auth, clockSkew, delay, Set.copyOf(operations));
    }
}

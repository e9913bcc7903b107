package org.sharpeyes.hub.gb28181;

import java.time.ZoneId;

/**
 * The hub's GB/T 28181 identity and timing.
 *
 * @param id the hub's 20-digit SIP ID
 * @param domain its SIP domain (the first 10 digits of the ID), the realm devices register in
 * @param password what devices without a password of their own register with
 * @param keepaliveSeconds the keepalive interval devices are set to; three missed ones take a device offline
 * @param zone the time zone of the Date answered to REGISTER, by which devices set their clocks
 */
public record GbSettings(String id, String domain, String password, int keepaliveSeconds, ZoneId zone) {

    /** The hub's SIP ID for a county: its 6-digit code and 00 (region), 00 (industry), 200 (SIP server), 0, 000001. */
    public static String idFor(String countyCode) {
        String region = (countyCode + "00000000").substring(0, 8);
        return region + "00" + "200" + "0" + "000001";
    }
}

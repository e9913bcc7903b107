package org.sharpeyes.hub.gb28181;

/**
 * The platform above the hub (the city's), which the hub registers with as a lower platform.
 *
 * @param id the superior's 20-digit SIP ID
 * @param domain its SIP domain (the first 10 digits of its ID when not given)
 * @param host its address
 * @param port its SIP port
 * @param tcp whether the hub reaches it over TCP (a connection the hub opens) rather than UDP
 * @param password what the hub registers with
 * @param catalogRegion the region whose subtree the superior sees (empty: every region)
 * @param expiresSeconds how long a registration lasts; the hub registers again at four fifths of it
 * @param keepaliveSeconds how often the hub sends a keepalive
 */
public record GbUpstreamSettings(String id, String domain, String host, int port, boolean tcp, String password,
        String catalogRegion, int expiresSeconds, int keepaliveSeconds) {
}

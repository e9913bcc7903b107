package org.sharpeyes.adapters.onvif;

/** One network interface of a device (#19): its token, name, MAC address and IPv4 address, where given. */
public record NetworkInterfaceInfo(String token, String name, String macAddress, String ipv4Address,
        boolean enabled) {
}

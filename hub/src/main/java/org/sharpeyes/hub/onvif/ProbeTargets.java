package org.sharpeyes.hub.onvif;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.sharpeyes.adapters.onvif.WsDiscovery;

/**
 * Where unicast WS-Discovery Probes go (#19), from an installer's list: a host ({@code 192.168.1.64}), a host and
 * port ({@code 192.168.1.64:3702}), a range ({@code 192.168.1.10-192.168.1.40}, or {@code 192.168.1.10-40}) or a
 * subnet ({@code 192.168.1.0/24}); at most {@value #MAX} addresses in all.
 */
public final class ProbeTargets {

    static final int MAX = 4096;

    private ProbeTargets() {
    }

    /** The addresses {@code entries} name; an {@link IllegalArgumentException} names the entry it cannot read. */
    public static List<InetSocketAddress> parse(List<String> entries) {
        List<InetSocketAddress> targets = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.strip();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("an empty host");
            }
            int port = WsDiscovery.PORT;
            String hosts = entry;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon) {
                try {
                    port = Integer.parseInt(entry.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + entry + "': the port is no number");
                }
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("'" + entry + "': the port must be 1 to 65535");
                }
                hosts = entry.substring(0, colon);
            }
            for (long address : range(entry, hosts)) {
                if (targets.size() >= MAX) {
                    throw new IllegalArgumentException("more than " + MAX + " addresses to probe; probe a smaller "
                            + "range");
                }
                targets.add(new InetSocketAddress(ipv4(address), port));
            }
        }
        return targets;
    }

    private static List<Long> range(String entry, String hosts) {
        List<Long> out = new ArrayList<>();
        int slash = hosts.indexOf('/');
        int dash = hosts.indexOf('-');
        if (slash > 0) {
            long base = address(entry, hosts.substring(0, slash));
            int bits;
            try {
                bits = Integer.parseInt(hosts.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + entry + "': the prefix length is no number");
            }
            if (bits < 20 || bits > 32) {
                throw new IllegalArgumentException("'" + entry + "': the prefix length must be 20 to 32");
            }
            long size = 1L << (32 - bits);
            long first = base & ~(size - 1) & 0xFFFFFFFFL;
            for (long a = size > 2 ? first + 1 : first; a < first + size - (size > 2 ? 1 : 0); a++) {
                out.add(a);
            }
        } else if (dash > 0) {
            long from = address(entry, hosts.substring(0, dash));
            String to = hosts.substring(dash + 1);
            long last = to.contains(".") ? address(entry, to) : (from & 0xFFFFFF00L) | lastOctet(entry, to);
            if (last < from) {
                throw new IllegalArgumentException("'" + entry + "': the range ends before it starts");
            }
            if (last - from >= MAX) {
                throw new IllegalArgumentException("more than " + MAX + " addresses to probe; probe a smaller range");
            }
            for (long a = from; a <= last; a++) {
                out.add(a);
            }
        } else {
            out.add(address(entry, hosts));
        }
        return out;
    }

    private static long lastOctet(String entry, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value < 0 || value > 255) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + entry + "': the range's end is no address");
        }
    }

    private static long address(String entry, String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            try {
                byte[] resolved = InetAddress.getByName(text).getAddress();
                if (resolved.length != 4) {
                    throw new IllegalArgumentException("'" + entry + "': only IPv4 hosts can be probed");
                }
                return ((resolved[0] & 0xFFL) << 24) | ((resolved[1] & 0xFFL) << 16) | ((resolved[2] & 0xFFL) << 8)
                        | (resolved[3] & 0xFFL);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + entry + "': no such host");
            }
        }
        long value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + entry + "': '" + text + "' is no IPv4 address");
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("'" + entry + "': '" + text + "' is no IPv4 address");
            }
            value = value << 8 | octet;
        }
        return value;
    }

    private static InetAddress ipv4(long value) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (value >> 24), (byte) (value >> 16),
                (byte) (value >> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }
}

package org.sharpeyes.adapters.gb28181;

import java.util.Locale;

/**
 * What a GB/T 28181 SDP offer or answer says about the video stream: the address and port of its {@code c=} and
 * {@code m=video} lines, whether it is RTP over TCP ({@code TCP/RTP/AVP}) and its {@code a=setup} role, and the
 * SSRC of the {@code y=} line (null when there is none). Lines it cannot read are left out, so a device's odd line
 * does not lose the others.
 */
public record GbSdp(String host, int port, boolean tcp, String setup, Long ssrc) {

    public static GbSdp parse(String sdp) {
        String host = "0.0.0.0";
        int port = 0;
        boolean tcp = false;
        String setup = "passive";
        Long ssrc = null;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.trim();
            try {
                if (line.startsWith("c=")) {
                    String[] parts = line.substring(2).trim().split("\\s+");
                    host = parts[parts.length - 1];
                } else if (line.startsWith("m=video")) {
                    String[] parts = line.split("\\s+");
                    port = Integer.parseInt(parts[1]);
                    tcp = parts[2].toUpperCase(Locale.ROOT).startsWith("TCP");
                } else if (line.startsWith("a=setup:")) {
                    setup = line.substring(8).trim().toLowerCase(Locale.ROOT);
                } else if (line.startsWith("y=")) {
                    ssrc = Long.parseLong(line.substring(2).trim());
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // Left out; the defaults stand.
            }
        }
        return new GbSdp(host, port, tcp, setup, ssrc);
    }
}

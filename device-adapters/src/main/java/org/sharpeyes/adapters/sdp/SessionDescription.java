package org.sharpeyes.adapters.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of an SDP (RFC 8866) a media relay needs: the session-level control URL and each media section. Lines
 * it does not use are skipped; a section without a usable payload type is an {@link IllegalArgumentException}.
 */
public record SessionDescription(String control, List<MediaDescription> media) {

    public static SessionDescription parse(String text) {
        String sessionControl = null;
        List<MediaDescription> media = new ArrayList<>();
        Section current = null;
        for (String raw : text.split("\r?\n")) {
            String line = raw.trim();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            char kind = line.charAt(0);
            String value = line.substring(2);
            if (kind == 'm') {
                if (current != null) {
                    media.add(current.build());
                }
                current = Section.start(value);
            } else if (kind == 'a') {
                if (current == null) {
                    if (value.startsWith("control:")) {
                        sessionControl = value.substring(8).trim();
                    }
                } else {
                    current.attribute(value);
                }
            }
        }
        if (current != null) {
            media.add(current.build());
        }
        if (media.isEmpty()) {
            throw new IllegalArgumentException("SDP has no media section");
        }
        return new SessionDescription(sessionControl, media);
    }

    /**
     * The description as a server offers it (RFC 8866): version, an origin with no user, {@code sessionName}, an
     * unbounded time, the session-level control when set, then each media section.
     */
    public String format(String sessionName) {
        StringBuilder out = new StringBuilder("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=").append(sessionName)
                .append("\r\nt=0 0\r\n");
        if (control != null) {
            out.append("a=control:").append(control).append("\r\n");
        }
        media.forEach(m -> out.append(m.format()));
        return out.toString();
    }

    /** The first H.264 or H.265 video section, or null. */
    public MediaDescription video() {
        return media.stream().filter(m -> m.isH264() || m.isH265()).findFirst().orElse(null);
    }

    /** The first audio section with a known codec, or null. */
    public MediaDescription audio() {
        return media.stream().filter(MediaDescription::isAudio).findFirst().orElse(null);
    }

    /** Collects one media section's lines. */
    private static final class Section {
        private final String type;
        private final int payloadType;
        private String encoding;
        private int clockRate;
        private int channels = 1;
        private final Map<String, String> fmtp = new LinkedHashMap<>();
        private String control;

        private Section(String type, int payloadType) {
            this.type = type;
            this.payloadType = payloadType;
        }

        static Section start(String value) {
            String[] parts = value.trim().split("\\s+");
            if (parts.length < 4) {
                throw new IllegalArgumentException("malformed SDP media line 'm=" + value + "'");
            }
            try {
                return new Section(parts[0].toLowerCase(Locale.ROOT), Integer.parseInt(parts[3]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SDP media line without a numeric payload type: 'm=" + value + "'");
            }
        }

        void attribute(String value) {
            if (value.startsWith("rtpmap:")) {
                String[] parts = value.substring(7).trim().split("\\s+", 2);
                if (parts.length == 2 && parts[0].equals(Integer.toString(payloadType))) {
                    String[] codec = parts[1].split("/");
                    encoding = codec[0];
                    clockRate = codec.length > 1 ? parseInt(codec[1], 0) : 0;
                    channels = codec.length > 2 ? Math.max(1, parseInt(codec[2], 1)) : 1;
                }
            } else if (value.startsWith("fmtp:")) {
                String[] parts = value.substring(5).trim().split("\\s+", 2);
                if (parts.length == 2 && parts[0].equals(Integer.toString(payloadType))) {
                    for (String pair : parts[1].split(";")) {
                        int eq = pair.indexOf('=');
                        if (eq > 0) {
                            fmtp.put(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), pair.substring(eq + 1).trim());
                        }
                    }
                }
            } else if (value.startsWith("control:")) {
                control = value.substring(8).trim();
            }
        }

        MediaDescription build() {
            String name = encoding;
            int rate = clockRate;
            if (name == null && payloadType == 0) {
                name = "PCMU";
                rate = 8000;
            } else if (name == null && payloadType == 8) {
                name = "PCMA";
                rate = 8000;
            }
            return new MediaDescription(type, payloadType, name == null ? "" : name, rate, channels, fmtp, control);
        }

        private static int parseInt(String text, int fallback) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
    }
}

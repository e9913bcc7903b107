package org.sharpeyes.adapters.onvif;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the answers of {@link OnvifRequest}s (#19) from their body element, by local name; optional elements may
 * be missing, and what the hub needs but cannot find is an {@link OnvifException} naming it.
 */
public final class OnvifAnswers {

    private OnvifAnswers() {
    }

    /** The device's clock in UTC: {@code UTCDateTime}, or {@code LocalDateTime} read as UTC when that is all. */
    public static Instant systemDateAndTime(XmlElement response) throws OnvifException {
        XmlElement at = response.child("SystemDateAndTime").orElseThrow(() -> missing("SystemDateAndTime"));
        XmlElement clock = at.child("UTCDateTime").or(() -> at.child("LocalDateTime"))
                .orElseThrow(() -> missing("UTCDateTime"));
        try {
            return LocalDateTime.of(number(clock, "Date", "Year"), number(clock, "Date", "Month"),
                    number(clock, "Date", "Day"), number(clock, "Time", "Hour"), number(clock, "Time", "Minute"),
                    number(clock, "Time", "Second")).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw new OnvifException(OnvifException.Kind.MALFORMED, "the device's clock reads as no date: "
                    + e.getMessage());
        }
    }

    public static DeviceInformation deviceInformation(XmlElement response) {
        return new DeviceInformation(response.text("Manufacturer"), response.text("Model"),
                response.text("FirmwareVersion"), response.text("SerialNumber"), response.text("HardwareId"));
    }

    /** The service addresses from GetServices; services the hub does not call are left out. */
    public static Map<OnvifService, String> services(XmlElement response) {
        Map<OnvifService, String> found = new EnumMap<>(OnvifService.class);
        for (XmlElement service : response.children("Service")) {
            String xaddr = service.text("XAddr");
            OnvifService.byNamespace(service.text("Namespace")).ifPresent(s -> {
                if (xaddr != null) {
                    found.putIfAbsent(s, xaddr);
                }
            });
        }
        return found;
    }

    /** The service addresses from GetCapabilities, for devices older than GetServices. */
    public static Map<OnvifService, String> capabilities(XmlElement response) {
        Map<OnvifService, String> found = new EnumMap<>(OnvifService.class);
        XmlElement capabilities = response.child("Capabilities").orElse(response);
        put(found, OnvifService.DEVICE, capabilities.text("Device", "XAddr"));
        put(found, OnvifService.MEDIA, capabilities.text("Media", "XAddr"));
        put(found, OnvifService.PTZ, capabilities.text("PTZ", "XAddr"));
        put(found, OnvifService.EVENTS, capabilities.text("Events", "XAddr"));
        capabilities.find("Media2").map(m -> m.text("XAddr")).ifPresent(x -> put(found, OnvifService.MEDIA2, x));
        return found;
    }

    private static void put(Map<OnvifService, String> found, OnvifService service, String xaddr) {
        if (xaddr != null) {
            found.put(service, xaddr);
        }
    }

    public static List<NetworkInterfaceInfo> networkInterfaces(XmlElement response) {
        List<NetworkInterfaceInfo> found = new ArrayList<>();
        for (XmlElement nic : response.children("NetworkInterfaces")) {
            String address = nic.child("IPv4", "Config").map(c -> c.text("Manual", "Address") != null
                    ? c.text("Manual", "Address") : c.text("FromDHCP", "Address")).orElse(null);
            found.add(new NetworkInterfaceInfo(nic.attribute("token"), nic.text("Info", "Name"),
                    nic.text("Info", "HwAddress"), address, !"false".equalsIgnoreCase(nic.text("Enabled"))));
        }
        return found;
    }

    /** Profiles from Media1 ({@code VideoEncoderConfiguration}) or Media2 ({@code Configurations/VideoEncoder}). */
    public static List<MediaProfile> profiles(XmlElement response, boolean media2) throws OnvifException {
        List<MediaProfile> found = new ArrayList<>();
        for (XmlElement profile : response.children("Profiles")) {
            String token = profile.attribute("token");
            if (token == null || token.isBlank()) {
                throw new OnvifException(OnvifException.Kind.MALFORMED, "a media profile has no token");
            }
            XmlElement encoder = (media2 ? profile.child("Configurations", "VideoEncoder")
                    : profile.child("VideoEncoderConfiguration")).orElse(null);
            boolean ptz = (media2 ? profile.child("Configurations", "PTZ") : profile.child("PTZConfiguration"))
                    .isPresent();
            String encoding = encoder == null ? null : encoder.text("Encoding");
            int width = encoder == null ? 0 : optionalNumber(encoder, "Resolution", "Width");
            int height = encoder == null ? 0 : optionalNumber(encoder, "Resolution", "Height");
            found.add(new MediaProfile(token, profile.text("Name"), encoding == null ? null
                    : encoding.strip().toUpperCase(java.util.Locale.ROOT).replace(".", ""), width, height, ptz,
                    media2));
        }
        return found;
    }

    /** The URI of GetStreamUri or GetSnapshotUri, Media1 ({@code MediaUri/Uri}) or Media2 ({@code Uri}). */
    public static String uri(XmlElement response) throws OnvifException {
        String uri = response.text("MediaUri", "Uri");
        if (uri == null) {
            uri = response.text("Uri");
        }
        if (uri == null) {
            throw missing("Uri");
        }
        return uri;
    }

    public static List<PtzPreset> presets(XmlElement response) {
        List<PtzPreset> found = new ArrayList<>();
        for (XmlElement preset : response.children("Preset")) {
            String token = preset.attribute("token");
            if (token != null) {
                found.add(new PtzPreset(token, preset.text("Name"), preset.child("PTZPosition")
                        .map(OnvifAnswers::vector).orElse(null)));
            }
        }
        return found;
    }

    /** The token of the preset SetPreset made or moved. */
    public static String presetToken(XmlElement response) throws OnvifException {
        String token = response.text("PresetToken");
        if (token == null) {
            throw missing("PresetToken");
        }
        return token;
    }

    public static PtzStatus status(XmlElement response) {
        XmlElement status = response.child("PTZStatus").orElse(response);
        PtzVector position = status.child("Position").map(OnvifAnswers::vector).orElse(null);
        boolean moving = status.child("MoveStatus").map(m -> m.children().stream()
                .anyMatch(axis -> axis.text().equalsIgnoreCase("MOVING"))
                || m.text().equalsIgnoreCase("MOVING")).orElse(false);
        return new PtzStatus(position, moving, status.text("Error"));
    }

    private static PtzVector vector(XmlElement at) {
        Double pan = at.child("PanTilt").map(p -> decimal(p.attribute("x"))).orElse(null);
        Double tilt = at.child("PanTilt").map(p -> decimal(p.attribute("y"))).orElse(null);
        Double zoom = at.child("Zoom").map(z -> decimal(z.attribute("x"))).orElse(null);
        return new PtzVector(pan, tilt, zoom);
    }

    /** The subscription of CreatePullPointSubscription. */
    public static PullPoint pullPoint(XmlElement response) throws OnvifException {
        String address = response.text("SubscriptionReference", "Address");
        if (address == null) {
            throw missing("SubscriptionReference/Address");
        }
        return new PullPoint(address, time(response.text("CurrentTime")), time(response.text("TerminationTime")));
    }

    /** The new termination time of a Renew, or null when the device does not say. */
    public static Instant terminationTime(XmlElement response) {
        return time(response.text("TerminationTime"));
    }

    /** The notifications of PullMessages, in order; a message without a topic is left out. */
    public static List<OnvifNotification> notifications(XmlElement response) {
        List<OnvifNotification> found = new ArrayList<>();
        for (XmlElement note : response.children("NotificationMessage")) {
            String topic = note.text("Topic");
            if (topic == null) {
                continue;
            }
            XmlElement message = note.child("Message", "Message").or(() -> note.child("Message"))
                    .orElse(null);
            Map<String, String> source = message == null ? Map.of() : items(message.child("Source").orElse(null));
            Map<String, String> data = message == null ? Map.of() : items(message.child("Data").orElse(null));
            found.add(new OnvifNotification(withoutPrefixes(topic), message == null ? null
                    : time(message.attribute("UtcTime")), message == null ? null
                    : message.attribute("PropertyOperation"), source, data));
        }
        return found;
    }

    private static Map<String, String> items(XmlElement at) {
        Map<String, String> items = new LinkedHashMap<>();
        if (at != null) {
            for (XmlElement item : at.children("SimpleItem")) {
                if (item.attribute("Name") != null) {
                    items.put(item.attribute("Name"), item.attribute("Value") == null ? ""
                            : item.attribute("Value"));
                }
            }
        }
        return items;
    }

    /** {@code tns1:VideoSource/tnsaxis:MotionAlarm} → {@code VideoSource/MotionAlarm}. */
    static String withoutPrefixes(String topic) {
        StringBuilder out = new StringBuilder();
        for (String step : topic.strip().split("/")) {
            if (out.length() > 0) {
                out.append('/');
            }
            int colon = step.indexOf(':');
            out.append(colon < 0 ? step : step.substring(colon + 1));
        }
        return out.toString();
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static int number(XmlElement at, String... path) throws OnvifException {
        String text = at.text(path);
        if (text == null) {
            throw missing(String.join("/", path));
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new OnvifException(OnvifException.Kind.MALFORMED, String.join("/", path) + " is no number: "
                    + text);
        }
    }

    private static int optionalNumber(XmlElement at, String... path) {
        String text = at.text(path);
        try {
            return text == null ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Double decimal(String text) {
        try {
            return text == null ? null : Double.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static OnvifException missing(String what) {
        return new OnvifException(OnvifException.Kind.MALFORMED, "the answer has no " + what);
    }
}

package org.sharpeyes.hub.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sharpeyes.adapters.event.DeviceAdapters;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.TopicBinding;
import org.sharpeyes.hub.gb28181.GbUpstreamSettings;

/** The hub's validated configuration; see {@link ConfigKeys} for the keys and their defaults. */
public record HubConfig(String httpHost, int httpPort, int maxBodyBytes, int workerThreads, int rtspPort,
        boolean mqttEmbedded, int mqttPort, int mqttMaxMessageBytes, String mqttUrl, String mqttUsername, String mqttPassword, String dbUrl,
        String dbUsername, String dbPassword, Path dataDir, String adminPassword, int tokenTtlMinutes,
        String credentialsKey, int idleCloseSeconds, int connectTimeoutSeconds, int gopCacheMaxFrames, int slowViewerSeconds,
        int probeIntervalSeconds, int probeConcurrency, boolean demoCameras, int demoCameraPort, boolean demoDevices, int ptzLockSeconds, int escalateSeconds,
        int deviceOfflineSeconds, double faceMatchThreshold, Map<String, List<String>> mqttTopics,
        Map<String, String> mqttCommands, String mapTiles, String sipHost, int sipPort, String sipId, String sipDomain,
        String sipPassword, int sipKeepaliveSeconds, List<GbUpstreamSettings> sipUpstreams) {

    /** Builds and checks a configuration from flat key → text values; every known key must be present. */
    public static HubConfig from(Map<String, String> values) {
        Values v = new Values(values);
        return new HubConfig(v.text("http.host"), v.port("http.port"), v.number("http.maxBodyBytes", 1024, 1 << 30),
                v.number("http.workerThreads", 1, 512), v.port("rtsp.port"), v.bool("mqtt.embedded"),
                v.port("mqtt.port"), v.number("mqtt.maxMessageBytes", 1024, 256 * 1024 * 1024),
                v.mqttUrl("mqtt.url"), v.text("mqtt.username"), v.text("mqtt.password"),
                v.jdbcUrl("db.url"), v.text("db.username"), v.text("db.password"), Path.of(v.required("data.dir")),
                v.adminPassword("auth.adminPassword"), v.number("auth.tokenTtlMinutes", 1, 60 * 24 * 30),
                v.key("auth.credentialsKey"), v.number("media.idleCloseSeconds", 1, 86_400),
                v.number("media.connectTimeoutSeconds", 1, 300), v.number("media.gopCacheMaxFrames", 1, 10_000),
                v.number("media.slowViewerSeconds", 1, 3_600), v.number("media.probeIntervalSeconds", 0, 86_400),
                v.number("media.probeConcurrency", 1, 4_096), v.bool("demo.cameras"), v.port("demo.cameraPort"),
                v.bool("demo.devices"),
                v.number("dispatch.ptzLockSeconds", 1, 86_400), v.number("dispatch.escalateSeconds", 1, 86_400),
                v.number("events.deviceOfflineSeconds", 10, 86_400 * 7),
                v.fraction("events.faceMatchThreshold"), v.topics(), v.commands(), v.mapTiles("ui.mapTiles"),
                v.text("sip.host"), v.port("sip.port"), v.sipId("sip.id"), v.domain("sip.domain"),
                v.text("sip.password"),
                v.number("sip.keepaliveSeconds", 1, 3_600), v.upstreams());
    }

    /** The dialects with the watch-list threshold and topic bindings configured here. */
    public DeviceAdapters adapters() {
        return DeviceAdapters.standard(DeviceTimes.CHINA, faceMatchThreshold).withTopics(mqttTopics);
    }

    /** Reads and checks typed values, failing with one line that names the key. */
    private record Values(Map<String, String> values) {

        String text(String key) {
            String value = values.get(key);
            if (value == null) {
                throw new ConfigException(key + ": missing");
            }
            return value.strip();
        }

        String required(String key) {
            String value = text(key);
            if (value.isEmpty()) {
                throw new ConfigException(key + ": must not be empty");
            }
            return value;
        }

        /**
         * The platforms above: {@code sip.upstream.*} (the first, if its id is set) and each {@code sip.upstream[N].*}
         * given, a field left out taking the first's default. Each needs an id and a host; no two share an id.
         */
        List<GbUpstreamSettings> upstreams() {
            List<GbUpstreamSettings> upstreams = new ArrayList<>();
            for (int index = 0; index < ConfigKeys.MAX_UPSTREAMS; index++) {
                String idKey = ConfigKeys.upstreamKey(index, "id");
                String prefix = idKey.substring(0, idKey.length() - 2);
                boolean given = values.keySet().stream().anyMatch(key -> key.startsWith(prefix));
                if (index > 0 && !given) {
                    continue;
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (String field : ConfigKeys.upstreamFields()) {
                    fields.put(ConfigKeys.upstreamKey(index, field), values.getOrDefault(ConfigKeys.upstreamKey(
                            index, field), ConfigKeys.DEFAULTS.get(ConfigKeys.UPSTREAM + field)));
                }
                Values upstream = new Values(fields);
                String id = upstream.sipId(idKey);
                if (id.isEmpty()) {
                    if (index > 0) {
                        throw new ConfigException(idKey + ": must be given (the platform's 20-digit SIP ID)");
                    }
                    continue;
                }
                GbUpstreamSettings settings = upstream.upstream(index, id);
                if (upstreams.stream().anyMatch(other -> other.id().equals(id))) {
                    throw new ConfigException(idKey + ": " + id + " is already another platform above");
                }
                upstreams.add(settings);
            }
            return List.copyOf(upstreams);
        }

        private GbUpstreamSettings upstream(int index, String id) {
            String hostKey = ConfigKeys.upstreamKey(index, "host");
            String host = text(hostKey);
            if (host.isEmpty()) {
                throw new ConfigException(hostKey + ": must be given with " + ConfigKeys.upstreamKey(index, "id"));
            }
            String domainKey = ConfigKeys.upstreamKey(index, "domain");
            String domain = text(domainKey);
            if (!domain.isEmpty() && !domain.matches("\\d{10}")) {
                throw new ConfigException(domainKey + ": must be 10 digits, got '" + domain + "'");
            }
            String transportKey = ConfigKeys.upstreamKey(index, "transport");
            String transport = text(transportKey).toLowerCase(java.util.Locale.ROOT);
            if (!transport.equals("udp") && !transport.equals("tcp")) {
                throw new ConfigException(transportKey + ": must be udp or tcp, got '" + transport + "'");
            }
            return new GbUpstreamSettings(id, domain.isEmpty() ? id.substring(0, 10) : domain, host,
                    port(ConfigKeys.upstreamKey(index, "port")), transport.equals("tcp"),
                    text(ConfigKeys.upstreamKey(index, "password")),
                    text(ConfigKeys.upstreamKey(index, "catalogRegion")),
                    number(ConfigKeys.upstreamKey(index, "expiresSeconds"), 60, 86_400),
                    number(ConfigKeys.upstreamKey(index, "keepaliveSeconds"), 1, 3_600));
        }

        /** Empty (the first 10 digits of the ID it goes with), or a 10-digit GB/T 28181 SIP domain. */
        String domain(String key) {
            String value = text(key);
            if (!value.isEmpty() && !value.matches("\\d{10}")) {
                throw new ConfigException(key + ": must be 10 digits, got '" + value + "'");
            }
            return value;
        }

        /** Empty (the hub makes one from its county), or a 20-digit GB/T 28181 ID. */
        String sipId(String key) {
            String value = text(key);
            if (!value.isEmpty() && !value.matches("\\d{20}")) {
                throw new ConfigException(key + ": must be 20 digits (a GB/T 28181 ID), got '" + value + "'");
            }
            return value;
        }

        int number(String key, int min, int max) {
            String value = text(key);
            try {
                int number = Integer.parseInt(value);
                if (number < min || number > max) {
                    throw new ConfigException(key + ": must be from " + min + " to " + max + ", got " + number);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new ConfigException(key + ": must be a whole number, got '" + value + "'");
            }
        }

        double fraction(String key) {
            String value = text(key);
            try {
                double number = Double.parseDouble(value);
                if (!(number > 0 && number <= 1)) {
                    throw new ConfigException(key + ": must be above 0 and at most 1, got " + value);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new ConfigException(key + ": must be a number such as 0.8, got '" + value + "'");
            }
        }

        /** Every {@code mqtt.topics.<dialect>}, split at commas and checked against the dialects. */
        Map<String, List<String>> topics() {
            Map<String, List<String>> topics = new LinkedHashMap<>();
            values.forEach((key, value) -> {
                if (key.startsWith(ConfigKeys.TOPICS)) {
                    topics.put(key.substring(ConfigKeys.TOPICS.length()), Arrays.stream(value.split(","))
                            .map(String::strip).toList());
                }
            });
            try {
                DeviceAdapters.standard(DeviceTimes.CHINA, 1).withTopics(topics);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ConfigKeys.TOPICS + e.getMessage());
            }
            return Map.copyOf(topics);
        }

        /** Every {@code mqtt.commands.<dialect>}: one topic, no wildcards, {@code {device}} as a whole level once. */
        Map<String, String> commands() {
            Map<String, String> commands = new LinkedHashMap<>();
            values.forEach((key, value) -> {
                if (key.startsWith(ConfigKeys.COMMANDS)) {
                    String topic = value.strip();
                    List<String> levels = Arrays.asList(topic.split("/", -1));
                    if (topic.contains("+") || topic.contains("#") || topic.startsWith("$")
                            || levels.stream().filter(TopicBinding.DEVICE::equals).count() != 1
                            || topic.replace(TopicBinding.DEVICE, "").contains("{")) {
                        throw new ConfigException(key + ": must be one topic without wildcards, with the level "
                                + TopicBinding.DEVICE + " once, got '" + value + "'");
                    }
                    commands.put(key.substring(ConfigKeys.COMMANDS.length()), topic);
                }
            });
            return Map.copyOf(commands);
        }

        int port(String key) {
            String value = text(key);
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65_535) {
                    throw new ConfigException(key + ": must be a port from 0 to 65535 (0 = any free port), got " + port);
                }
                return port;
            } catch (NumberFormatException e) {
                throw new ConfigException(key + ": must be a port from 0 to 65535 (0 = any free port), got '" + value
                        + "'");
            }
        }

        boolean bool(String key) {
            String value = text(key).toLowerCase(java.util.Locale.ROOT);
            return switch (value) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new ConfigException(key + ": must be true or false, got '" + value + "'");
            };
        }

        /** Empty, or an http(s) XYZ tile URL template with {z}, {x} and {y}. */
        String mapTiles(String key) {
            String value = text(key);
            if (value.isEmpty()) {
                return value;
            }
            try {
                URI uri = new URI(value.replace("{z}", "0").replace("{x}", "0").replace("{y}", "0"));
                boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
                if (!web || uri.getHost() == null || !value.contains("{z}") || !value.contains("{x}")
                        || !value.contains("{y}")) {
                    throw new ConfigException(key + ": must be an http(s) tile URL with {z}, {x} and {y}, e.g. "
                            + "http://tiles.example/{z}/{x}/{y}.png, got '" + value + "'");
                }
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(key + ": not a URL: " + e.getMessage());
            }
            return value;
        }

        String mqttUrl(String key) {
            String value = text(key);
            if (!value.isEmpty()) {
                try {
                    URI uri = new URI(value);
                    if (!"tcp".equals(uri.getScheme()) && !"ssl".equals(uri.getScheme()) || uri.getHost() == null) {
                        throw new ConfigException(key + ": must look like tcp://HOST:PORT or ssl://HOST:PORT, got '"
                                + value + "'");
                    }
                } catch (java.net.URISyntaxException e) {
                    throw new ConfigException(key + ": not a URL: " + e.getMessage());
                }
            }
            return value;
        }

        String jdbcUrl(String key) {
            String value = text(key);
            if (!value.isEmpty() && !value.startsWith("jdbc:h2:") && !value.startsWith("jdbc:postgresql:")) {
                throw new ConfigException(key + ": must be a jdbc:h2: or jdbc:postgresql: URL (empty: the H2 file "
                        + "under data.dir), got '" + value + "'");
            }
            return value;
        }

        String adminPassword(String key) {
            String value = text(key);
            if (!value.isEmpty() && value.length() < 8) {
                throw new ConfigException(key + ": must be at least 8 characters");
            }
            return value;
        }

        String key(String key) {
            String value = text(key);
            if (!value.isEmpty()) {
                try {
                    if (Base64.getDecoder().decode(value).length != 32) {
                        throw new ConfigException(key + ": must be 32 bytes in Base64 (e.g. openssl rand -base64 32)");
                    }
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key + ": not Base64: " + e.getMessage());
                }
            }
            return value;
        }
    }
}

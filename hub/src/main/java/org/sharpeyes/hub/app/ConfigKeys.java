package org.sharpeyes.hub.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sharpeyes.adapters.event.DeviceAdapters;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.hub.events.GateControl;

/** Every configuration key the hub knows, with its default (empty: none) and how to spell it in the environment. */
public final class ConfigKeys {

    /** Each dialect's topics: {@code mqtt.topics.<dialect>}, comma-separated, {@code {device}} naming the device. */
    public static final String TOPICS = "mqtt.topics.";

    /** Where each gate dialect's commands go: {@code mqtt.commands.<dialect>}, {@code {device}} naming the gate. */
    public static final String COMMANDS = "mqtt.commands.";

    /** The first platform above: {@code sip.upstream.<field>}, the same as {@code sip.upstream[0].<field>}. */
    public static final String UPSTREAM = "sip.upstream.";

    /** How many platforms above the hub may register with: {@code sip.upstream[0]} to {@code sip.upstream[7]}. */
    public static final int MAX_UPSTREAMS = 8;

    private static final Pattern INDEXED_UPSTREAM = Pattern.compile("sip\\.upstream\\[(\\d+)]\\.(\\w+)");

    private static final DeviceAdapters DIALECTS = DeviceAdapters.standard(DeviceTimes.CHINA, 1);

    /** Key → default, in the order docs/configuration.md documents them. */
    public static final Map<String, String> DEFAULTS = defaults();

    private ConfigKeys() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("http.host", "0.0.0.0");
        keys.put("http.port", "8080");
        keys.put("http.maxBodyBytes", Integer.toString(64 * 1024 * 1024));
        keys.put("http.workerThreads", "16");
        keys.put("rtsp.port", "8554");
        keys.put("sip.host", "0.0.0.0");
        keys.put("sip.port", "5060");
        keys.put("sip.id", "");
        keys.put("sip.domain", "");
        keys.put("sip.password", "");
        keys.put("sip.keepaliveSeconds", "60");
        keys.put("sip.upstream.id", "");
        keys.put("sip.upstream.domain", "");
        keys.put("sip.upstream.host", "");
        keys.put("sip.upstream.port", "5060");
        keys.put("sip.upstream.transport", "udp");
        keys.put("sip.upstream.password", "");
        keys.put("sip.upstream.catalogRegion", "");
        keys.put("sip.upstream.expiresSeconds", "3600");
        keys.put("sip.upstream.keepaliveSeconds", "60");
        keys.put("mqtt.embedded", "true");
        keys.put("mqtt.port", "1883");
        keys.put("mqtt.maxMessageBytes", Integer.toString(4 * 1024 * 1024));
        keys.put("mqtt.url", "");
        keys.put("mqtt.username", "");
        keys.put("mqtt.password", "");
        DIALECTS.templates().forEach((dialect, templates) -> keys.put(TOPICS + dialect, String.join(",", templates)));
        GateControl.COMMAND_TOPICS.forEach((dialect, template) -> keys.put(COMMANDS + dialect, template));
        keys.put("db.url", "");
        keys.put("db.username", "");
        keys.put("db.password", "");
        keys.put("data.dir", "data");
        keys.put("auth.adminPassword", "");
        keys.put("auth.tokenTtlMinutes", "720");
        keys.put("auth.credentialsKey", "");
        keys.put("media.idleCloseSeconds", "30");
        keys.put("media.connectTimeoutSeconds", "10");
        keys.put("media.gopCacheMaxFrames", "600");
        keys.put("media.slowViewerSeconds", "15");
        keys.put("media.probeIntervalSeconds", "300");
        keys.put("media.probeConcurrency", "32");
        keys.put("demo.cameras", "true");
        keys.put("demo.cameraPort", "0");
        keys.put("demo.devices", "true");
        keys.put("dispatch.ptzLockSeconds", "60");
        keys.put("dispatch.escalateSeconds", "60");
        keys.put("events.deviceOfflineSeconds", "300");
        keys.put("events.faceMatchThreshold", "0.8");
        keys.put("ui.mapTiles", "");
        return keys;
    }

    /**
     * The key as the defaults spell it: {@code sip.upstream[0].id} is {@code sip.upstream.id}; a later superior's
     * field keeps its index. Null when the key is unknown.
     */
    public static String canonical(String key) {
        if (DEFAULTS.containsKey(key)) {
            return key;
        }
        Matcher indexed = INDEXED_UPSTREAM.matcher(key);
        if (!indexed.matches() || !DEFAULTS.containsKey(UPSTREAM + indexed.group(2))) {
            return null;
        }
        int index = Integer.parseInt(indexed.group(1));
        if (index >= MAX_UPSTREAMS) {
            throw new ConfigException(key + ": at most " + MAX_UPSTREAMS + " platforms above, sip.upstream[0] to "
                    + "sip.upstream[" + (MAX_UPSTREAMS - 1) + "]");
        }
        return upstreamKey(index, indexed.group(2));
    }

    /** The key of a field of the {@code index}th platform above. */
    public static String upstreamKey(int index, String field) {
        return index == 0 ? UPSTREAM + field : "sip.upstream[" + index + "]." + field;
    }

    /** The fields a platform above has ({@code id}, {@code host} …). */
    public static List<String> upstreamFields() {
        return DEFAULTS.keySet().stream().filter(key -> key.startsWith(UPSTREAM))
                .map(key -> key.substring(UPSTREAM.length())).toList();
    }

    /** {@code media.idleCloseSeconds} → {@code HUB_MEDIA_IDLE_CLOSE_SECONDS}. */
    public static String environmentName(String key) {
        return "HUB_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The same without splitting camel case ({@code HUB_MEDIA_IDLECLOSESECONDS}), also accepted. */
    public static String plainEnvironmentName(String key) {
        return "HUB_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }
}

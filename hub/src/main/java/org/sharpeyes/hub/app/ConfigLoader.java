package org.sharpeyes.hub.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers configuration from, in rising precedence: built-in defaults, a YAML file ({@code --config=FILE}), the
 * environment ({@code HUB_HTTP_PORT}) and {@code --key=value} arguments.
 */
public final class ConfigLoader {

    /** The configuration and the flags that are not configuration keys. */
    public record Launch(HubConfig config, boolean demo, Path configFile) {
    }

    private ConfigLoader() {
    }

    public static Launch load(List<String> args, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>(ConfigKeys.DEFAULTS);
        Map<String, String> overrides = new LinkedHashMap<>();
        Path configFile = null;
        boolean demo = false;
        for (String arg : args) {
            if (arg.equals("--demo")) {
                demo = true;
            } else if (arg.startsWith("--config=")) {
                configFile = Path.of(arg.substring("--config=".length()));
            } else if (arg.startsWith("--") && arg.contains("=")) {
                String key = arg.substring(2, arg.indexOf('='));
                overrides.put(known(key, "argument " + arg), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new ConfigException("unknown argument '" + arg + "': use --key=value, --config=FILE or --demo");
            }
        }
        if (configFile != null) {
            values.putAll(readYaml(configFile));
        }
        for (String key : ConfigKeys.DEFAULTS.keySet()) {
            fromEnvironment(key, ConfigKeys.environmentName(key), ConfigKeys.plainEnvironmentName(key), environment,
                    values);
        }
        // Later platforms above: HUB_SIP_UPSTREAM_1_HOST for sip.upstream[1].host.
        for (int index = 1; index < ConfigKeys.MAX_UPSTREAMS; index++) {
            for (String field : ConfigKeys.upstreamFields()) {
                String first = ConfigKeys.UPSTREAM + field;
                fromEnvironment(ConfigKeys.upstreamKey(index, field), indexed(ConfigKeys.environmentName(first),
                        index), indexed(ConfigKeys.plainEnvironmentName(first), index), environment, values);
            }
        }
        values.putAll(overrides);
        return new Launch(HubConfig.from(values), demo, configFile);
    }

    private static void fromEnvironment(String key, String name, String plainName, Map<String, String> environment,
            Map<String, String> values) {
        String value = environment.getOrDefault(name, environment.get(plainName));
        if (value != null) {
            values.put(key, value);
        }
    }

    private static String indexed(String environmentName, int index) {
        return "HUB_SIP_UPSTREAM_" + index + "_" + environmentName.substring("HUB_SIP_UPSTREAM_".length());
    }

    private static String known(String key, String where) {
        String canonical = ConfigKeys.canonical(key);
        if (canonical == null) {
            throw new ConfigException(key + ": unknown configuration key (in " + where + "); known keys: "
                    + String.join(", ", ConfigKeys.DEFAULTS.keySet()) + ", and sip.upstream[N].<field> for more "
                    + "platforms above");
        }
        return canonical;
    }

    private static Map<String, String> readYaml(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException("config file " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new ConfigException("config file " + file + ": must be a YAML mapping of keys to values");
            }
            flatten("", root, flat, file);
        }
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat, Path file) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = prefix + entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, flat, file);
            } else if (value.isArray() && key.equals("sip.upstream")) {
                // Several platforms above, as a list of mappings.
                for (int index = 0; index < value.size(); index++) {
                    if (!value.get(index).isObject()) {
                        throw new ConfigException(key + "[" + index + "]: must be a mapping of id, host … (in "
                                + file + ")");
                    }
                    flatten(key + "[" + index + "].", value.get(index), flat, file);
                }
            } else if (value.isArray()) {
                throw new ConfigException(key + ": a single value is expected, not a list (in " + file + ")");
            } else {
                flat.put(known(key, "config file " + file), value.isNull() ? "" : value.asText());
            }
        }
    }
}

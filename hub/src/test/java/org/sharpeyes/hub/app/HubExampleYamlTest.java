package org.sharpeyes.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** #18: the commented sample configuration names every key the hub knows, with its true default, and loads as it is. */
class HubExampleYamlTest {

    static final Path EXAMPLE = Path.of("..", "docs", "hub.example.yaml");

    @Test
    void namesEveryKeyWithItsDefault() throws IOException {
        Map<String, String> flat = new TreeMap<>();
        flatten("", new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(EXAMPLE)), flat);
        assertThat(flat).isEqualTo(new TreeMap<>(ConfigKeys.DEFAULTS));
    }

    @Test
    void loadsAsTheDefaultsDo() {
        assertThat(ConfigLoader.load(List.of("--config=" + EXAMPLE), Map.of()).config())
                .isEqualTo(ConfigLoader.load(List.of(), Map.of()).config());
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
        node.fields().forEachRemaining(field -> {
            if (field.getValue().isObject()) {
                flatten(prefix + field.getKey() + ".", field.getValue(), flat);
            } else {
                flat.put(prefix + field.getKey(), field.getValue().asText());
            }
        });
    }
}

package org.sharpeyes.adapters.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** #22: every example in {@code docs/DIALECTS.md} is read by its dialect into the event type the page promises. */
class DialectsDocTest {

    private static final Path DOC = Path.of("..", "docs", "DIALECTS.md");
    private static final Pattern DIALECT = Pattern.compile("^### `([a-z0-9.]+)`$");
    private static final Pattern EXAMPLE = Pattern.compile("^\\*\\*Example\\*\\* on `([^`]+)` → `([A-Z_]+)`:$");
    private static final Pattern DECLARED = Pattern.compile("encoding=\"([^\"]+)\"");

    record Example(String dialect, String topic, EventType type, String body, int line) {
    }

    @Test
    void everyExampleIsReadIntoTheEventTypeItPromises() throws Exception {
        List<Example> examples = examples(Files.readAllLines(DOC));
        assertThat(examples.stream().map(Example::dialect).distinct()).as("a dialect's examples in docs/DIALECTS.md")
                .containsExactlyInAnyOrder("gate.json", "gate.alarminfoplate", "plate.isapi", "plate.gat1400",
                        "face.acs", "face.gat1400", "alarm.json", "alarm.gb28181", "onvif.events");
        DeviceAdapters adapters = DeviceAdapters.standard(ZoneId.of("Asia/Shanghai"), 0.8);
        for (Example example : examples) {
            DeviceAdapters.Match match = adapters.match(example.topic());
            assertThat(match).as("line %d: a dialect listens on %s", example.line(), example.topic()).isNotNull();
            assertThat(match.adapter().dialect()).as("line %d", example.line()).isEqualTo(example.dialect());
            List<DeviceEvent> events = match.adapter().normalize(match.dialectTopic(), bytes(example.body()));
            assertThat(events).as("line %d", example.line()).isNotEmpty()
                    .allSatisfy(event -> assertThat(event.type()).isEqualTo(example.type()));
        }
    }

    @Test
    void theGateExampleReadsAsThePageSaysPlatesAreNormalized() throws Exception {
        Example pass = examples(Files.readAllLines(DOC)).stream().filter(e -> e.dialect().equals("gate.json"))
                .findFirst().orElseThrow();
        DeviceEvent event = DeviceAdapters.standard(ZoneId.of("Asia/Shanghai"), 0.8).match(pass.topic()).adapter()
                .normalize(pass.topic(), bytes(pass.body())).get(0);
        assertThat(event.attributes()).containsEntry("plate", "川A5T729").containsEntry("plateColor", "BLUE")
                .containsEntry("direction", "IN").containsEntry("gateState", "OPENED");
        assertThat(event.deviceEventId()).isEqualTo("g-20261122-0815");
    }

    /** The body as a device sends it: in the encoding its XML declaration names. */
    private static byte[] bytes(String body) {
        Matcher declared = DECLARED.matcher(body);
        Charset charset = declared.find() ? Charset.forName(declared.group(1)) : StandardCharsets.UTF_8;
        return body.getBytes(charset);
    }

    private static List<Example> examples(List<String> lines) throws IOException {
        List<Example> examples = new ArrayList<>();
        String dialect = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher heading = DIALECT.matcher(lines.get(i));
            if (heading.matches()) {
                dialect = heading.group(1);
            }
            Matcher example = EXAMPLE.matcher(lines.get(i));
            if (example.matches()) {
                assertThat(lines.get(i + 1)).as("line %d opens a code block", i + 2).startsWith("```");
                StringBuilder body = new StringBuilder();
                int end = i + 2;
                while (!lines.get(end).equals("```")) {
                    body.append(lines.get(end++)).append('\n');
                }
                examples.add(new Example(dialect, example.group(1), EventType.valueOf(example.group(2)),
                        body.toString().strip(), i + 1));
            }
        }
        return examples;
    }
}

package org.sharpeyes.hub.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.event.DeviceAdapters;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.hub.registry.DeviceSerials;

/**
 * #16: generated serials and topics: whatever serials installers register and whatever topics a device tries, it
 * reaches only topics whose device level names itself, never a wildcard, never {@code hub/…}.
 */
class DeviceTopicsTest {

    private static final DeviceAdapters DEFAULT = DeviceAdapters.standard(DeviceTimes.CHINA, 0.8);
    private static final DeviceAdapters SITE = DEFAULT.withTopics(Map.of("gate.json",
            List.of("estate/+/gate/{device}/up"), "alarm.json", List.of("school/{device}/#")));
    private static final String ALPHABET = "abcXYZ019-_.:/+#$ ";
    private static final List<String> WORDS = List.of("devices", "device", "gate", "alarm", "sos", "event", "hub",
            "events", "command", "message", "up", "down", "gpio_out", "ivs_result", "viid", "faces", "estate",
            "school", "+", "#", "", "$SYS");

    private static String randomSerial(Random random) {
        StringBuilder serial = new StringBuilder();
        int length = 1 + random.nextInt(random.nextBoolean() ? 4 : 24);
        for (int i = 0; i < length; i++) {
            serial.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return random.nextInt(8) == 0 ? WORDS.get(random.nextInt(WORDS.size())) : serial.toString();
    }

    private static String randomTopic(Random random, List<String> names) {
        int levels = 1 + random.nextInt(6);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            parts.add(random.nextBoolean() ? names.get(random.nextInt(names.size()))
                    : WORDS.get(random.nextInt(WORDS.size())));
        }
        return String.join("/", parts);
    }

    /** A topic built from a bound template, its device level filled with one of {@code names}. */
    private static String templatedTopic(Random random, DeviceAdapters adapters, List<String> names) {
        List<String> templates = adapters.templates().values().stream().flatMap(List::stream).toList();
        String template = templates.get(random.nextInt(templates.size()));
        String filled = template.replace("{device}", names.get(random.nextInt(names.size())));
        String[] levels = filled.split("/", -1);
        StringBuilder topic = new StringBuilder();
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("+") || level.equals("#")) {
                level = random.nextInt(4) == 0 ? level : WORDS.get(random.nextInt(WORDS.size()));
            }
            topic.append(i == 0 ? "" : "/").append(level);
        }
        return topic.toString();
    }

    @Test
    void noDeviceReachesATopicThatNamesAnotherDeviceOrAWildcard() {
        Random random = new Random(16);
        for (DeviceAdapters adapters : List.of(DEFAULT, SITE)) {
            DeviceTopics topics = new DeviceTopics(adapters, Map.of());
            int allowed = 0;
            for (int round = 0; round < 4_000; round++) {
                String serialA = randomSerial(random);
                String serialB = randomSerial(random);
                Set<String> a = DeviceSerials.check(serialA).isEmpty() ? Set.of("51012200011410000001", serialA)
                        : Set.of("51012200011410000001");
                List<String> names = List.of("51012200011410000001", "51012200011410000002", serialA, serialB, "+",
                        "#", "hub");
                for (int i = 0; i < 10; i++) {
                    String topic = i % 2 == 0 ? templatedTopic(random, adapters, names) : randomTopic(random, names);
                    if (topics.mayPublish(a, topic)) {
                        allowed++;
                        assertThat(topic).doesNotContain("+", "#").doesNotStartWith("hub/").doesNotStartWith("$");
                        DeviceAdapters.Match match = adapters.match(topic);
                        assertThat(match).as(topic).isNotNull();
                        assertThat(a).as(topic).contains(match.topicDevice());
                    }
                    if (topics.maySubscribe(a, topic)) {
                        assertThat(a.stream().flatMap(id -> java.util.stream.Stream.of("devices/gate/" + id
                                + "/command", "device/" + id + "/message/down/gpio_out"))).as(topic).contains(topic);
                    }
                }
            }
            assertThat(allowed).as("the generator reaches allowed topics too").isGreaterThan(100);
        }
    }

    @Test
    void aDevicePublishesOnEachOfItsDialectsTopicsUnderEitherOfItsNames() {
        DeviceTopics topics = new DeviceTopics(DEFAULT, Map.of());
        Set<String> gate = Set.of("51012200011410000001", "e3a1-77f0");
        assertThat(topics.mayPublish(gate, "device/e3a1-77f0/message/up/ivs_result")).isTrue();
        assertThat(topics.mayPublish(gate, "devices/gate/51012200011410000001/event")).isTrue();
        assertThat(topics.mayPublish(gate, "devices/gate/51012200011410000002/event")).isFalse();
        assertThat(topics.mayPublish(gate, "devices/gate/51012200011410000001/event/x")).isFalse();
        assertThat(topics.mayPublish(gate, "hub/events/510122001/VEHICLE_PASS")).isFalse();
        assertThat(topics.maySubscribe(gate, "devices/gate/51012200011410000001/command")).isTrue();
        assertThat(topics.maySubscribe(gate, "devices/gate/+/command")).isFalse();
        assertThat(topics.maySubscribe(gate, "devices/gate/51012200011410000001/event")).isFalse();
    }

    @Test
    void aSiteCommandTopicReplacesTheDialectsOwn() {
        DeviceTopics topics = new DeviceTopics(DEFAULT, Map.of("gate.json", "estate/gate/{device}/down"));
        Set<String> gate = Set.of("51012200011410000001");
        assertThat(topics.maySubscribe(gate, "estate/gate/51012200011410000001/down")).isTrue();
        assertThat(topics.maySubscribe(gate, "devices/gate/51012200011410000001/command")).isFalse();
    }
}

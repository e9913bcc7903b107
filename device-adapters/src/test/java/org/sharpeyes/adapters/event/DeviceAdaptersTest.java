package org.sharpeyes.adapters.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceAdaptersTest {

    private final DeviceAdapters adapters = DeviceAdapters.standard(DeviceTimes.CHINA, 0.85);

    @Test
    void bindsEachDialectToItsTopics() {
        assertThat(adapters.forTopic("device/e3a1/message/up/ivs_result").dialect()).isEqualTo("gate.alarminfoplate");
        assertThat(adapters.forTopic("device/e3a1/message/up/keep_alive").dialect()).isEqualTo("gate.alarminfoplate");
        assertThat(adapters.forTopic("devices/gate/1/event").dialect()).isEqualTo("gate.json");
        assertThat(adapters.forTopic("devices/isapi/1/anpr").dialect()).isEqualTo("plate.isapi");
        assertThat(adapters.forTopic("devices/viid/1/motorvehicles").dialect()).isEqualTo("plate.gat1400");
        assertThat(adapters.forTopic("devices/acs/1/event").dialect()).isEqualTo("face.acs");
        assertThat(adapters.forTopic("devices/viid/1/faces").dialect()).isEqualTo("face.gat1400");
        assertThat(adapters.forTopic("devices/alarm/1/sos").dialect()).isEqualTo("alarm.json");
        assertThat(adapters.forTopic("devices/gb/1/alarm").dialect()).isEqualTo("alarm.gb28181");
        assertThat(adapters.forTopic("devices/gate/1/event/extra")).isNull();
        assertThat(adapters.forTopic("hub/events/510122/PLATE_READ")).isNull();
    }

    @Test
    void readsAMessageOnARebindingAsIfOnTheDialectsOwnTopic() throws AdapterException {
        DeviceAdapters site = adapters.withTopics(Map.of(
                "gate.json", List.of("estate/+/gate/{device}/up"),
                "gate.alarminfoplate", List.of("park/{device}/plate", "park/{device}/heartbeat")));

        DeviceAdapters.Match gate = site.match("estate/east/gate/51012200001410000001/up");
        assertThat(gate.adapter().dialect()).isEqualTo("gate.json");
        assertThat(gate.dialectTopic()).isEqualTo("devices/gate/51012200001410000001/event");
        assertThat(site.match("park/e3a1/heartbeat").dialectTopic()).isEqualTo("device/e3a1/message/up/keep_alive");
        assertThat(site.match("devices/gate/51012200001410000001/event")).as("the old topic is unbound").isNull();
        assertThat(site.match("devices/alarm/1/sos").dialectTopic()).as("others keep theirs")
                .isEqualTo("devices/alarm/1/sos");
        assertThat(site.topicFilters()).contains("estate/+/gate/+/up", "park/+/plate", "park/+/heartbeat")
                .doesNotContain("devices/gate/+/event");
        assertThat(site.templates().get("gate.json")).containsExactly("estate/+/gate/{device}/up");

        List<DeviceEvent> read = gate.adapter().normalize(gate.dialectTopic(),
                "{\"event\":\"PASS\",\"plate\":\"川A12345\",\"direction\":\"in\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(read).singleElement().extracting(DeviceEvent::deviceId).isEqualTo("51012200001410000001");
    }

    @Test
    void rejectsTopicBindingsItCannotUseNamingTheDialect() {
        assertThatThrownBy(() -> adapters.withTopics(Map.of("gate.alarminfoplate", List.of("park/{device}"))))
                .hasMessageContaining("gate.alarminfoplate").hasMessageContaining("2 topic(s) expected");
        assertThatThrownBy(() -> adapters.withTopics(Map.of("gate.json", List.of("a/#/{device}"))))
                .hasMessageContaining("gate.json").hasMessageContaining("# may only be the last level");
        assertThatThrownBy(() -> adapters.withTopics(Map.of("gate.json", List.of("a/gate-{device}"))))
                .hasMessageContaining("must be a whole level");
        assertThatThrownBy(() -> adapters.withTopics(Map.of("gate.json", List.of("a/{device}/{device}"))))
                .hasMessageContaining("only once");
        assertThatThrownBy(() -> adapters.withTopics(Map.of("gate.json", List.of("$SYS/x"))))
                .hasMessageContaining("belong to the broker");
        assertThatThrownBy(() -> adapters.withTopics(Map.of("gate.vendorx", List.of("a/{device}"))))
                .hasMessageContaining("no dialect is called gate.vendorx");
    }

    @Test
    void matchesMqttWildcards() {
        assertThat(DeviceAdapters.matches("a/+/c", "a/b/c")).isTrue();
        assertThat(DeviceAdapters.matches("a/+/c", "a/b/c/d")).isFalse();
        assertThat(DeviceAdapters.matches("a/#", "a/b/c")).isTrue();
        assertThat(DeviceAdapters.matches("a/b", "a/b/")).isFalse();
    }

    @Test
    void everyDialectFailsCleanlyOnRandomAndMutatedBytes() {
        Random random = new Random(20261123);
        String[] samples = {"{\"event\":\"PASS\",\"plate\":\"京A12345\"}", "<Notify><CmdType>Alarm</CmdType></Notify>",
            "{\"FaceListObject\":{\"FaceObject\":[{\"FaceID\":\"f\"}]}}"};
        for (DeviceAdapter adapter : adapters.all()) {
            String topic = adapter.topicFilters().get(0).replace("+", "51012200001340000021");
            for (int i = 0; i < 300; i++) {
                byte[] bytes;
                if (i % 2 == 0) {
                    bytes = new byte[random.nextInt(200)];
                    random.nextBytes(bytes);
                } else {
                    bytes = samples[i % samples.length].getBytes(StandardCharsets.UTF_8);
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                byte[] payload = bytes;
                try {
                    adapter.normalize(topic, payload);
                } catch (AdapterException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                } catch (RuntimeException e) {
                    throw new AssertionError(adapter.dialect() + " threw " + e + " for " + new String(payload,
                            StandardCharsets.ISO_8859_1), e);
                }
            }
        }
    }

    @Test
    void aTenMegabytePayloadIsReadOrRefusedWithoutFuss() {
        byte[] huge = ("{\"event\":\"PASS\",\"plate\":\"" + "A".repeat(10 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        DeviceAdapter gate = adapters.byDialect("gate.json");
        assertThatThrownBy(() -> gate.normalize("devices/gate/1/event", new byte[0])).hasMessage("empty payload");
        try {
            assertThat(gate.normalize("devices/gate/1/event", huge)).hasSize(1);
        } catch (AdapterException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}

package org.sharpeyes.adapters.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
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

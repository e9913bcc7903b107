package org.sharpeyes.adapters.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.EventType;

class AlarmInfoPlateAdapterTest {

    private final AlarmInfoPlateAdapter adapter = new AlarmInfoPlateAdapter(DeviceTimes.CHINA);
    private static final String TOPIC = "device/e3a1-77f0/message/up/ivs_result";

    static String result(String license, String extra) {
        return "{\"id\":\"6f1c01\",\"sn\":\"e3a1-77f0\",\"name\":\"东门入口\",\"version\":\"1.0\",\"timestamp\":1795305600,"
                + "\"payload\":{\"AlarmInfoPlate\":{\"channel\":0,\"deviceName\":\"东门入口\",\"ipaddr\":\"192.168.1.100\","
                + "\"serialno\":\"e3a1-77f0\",\"result\":{\"PlateResult\":{\"license\":\"" + license + "\","
                + "\"colorType\":1,\"type\":1,\"confidence\":96,\"direction\":4,\"triggerType\":8" + extra + ","
                + "\"timeStamp\":{\"Timeval\":{\"sec\":1795305600,\"usec\":250000}}}}}}}";
    }

    private List<DeviceEvent> read(String topic, String json) throws AdapterException {
        return adapter.normalize(topic, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheDialectsExampleWithABase64Plate() throws AdapterException {
        DeviceEvent event = read(TOPIC, result("5LqsQTEyMzQ1", "")).get(0);
        assertThat(event.type()).isEqualTo(EventType.VEHICLE_PASS);
        assertThat(event.deviceId()).isEqualTo("e3a1-77f0");
        assertThat(event.deviceEventId()).isEqualTo("6f1c01");
        assertThat(event.attributes()).containsEntry("plate", "京A12345").containsEntry("plateColor", "BLUE")
                .containsEntry("direction", "IN").containsEntry("confidence", 96L);
        assertThat(event.occurredAt()).isEqualTo(OffsetDateTime.parse("2026-11-22T08:00:00.25+08:00"));
        assertThat(event.attributes().get("raw")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("triggerType", 8L);
    }

    @Test
    void acceptsPlainAndDottedPlatesNumericStringsAndAnImage() throws AdapterException {
        String image = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2});
        DeviceEvent event = read(TOPIC, result("粤B·D12345F", ",\"imageFile\":\"" + image + "\"")
                .replace("\"confidence\":96", "\"confidence\":\"91\"")).get(0);
        assertThat(event.attributes()).containsEntry("plate", "粤BD12345F").containsEntry("confidence", 91L);
        assertThat(event.images()).hasSize(1);
        assertThat(event.images().get(0)).startsWith((byte) 0xFF, (byte) 0xD8);
    }

    @Test
    void readsAKeepAliveAsAStatusReport() throws AdapterException {
        DeviceEvent event = read("device/e3a1-77f0/message/up/keep_alive",
                "{\"id\":\"k1\",\"sn\":\"e3a1-77f0\",\"timestamp\":1795305600}").get(0);
        assertThat(event.type()).isEqualTo(EventType.DEVICE_STATUS);
    }

    @Test
    void namesTheMissingOrWrongField() {
        assertThatThrownBy(() -> read(TOPIC, "{\"id\":\"x\",\"payload\":{}}")).isInstanceOf(AdapterException.class)
                .hasMessageContaining("payload.AlarmInfoPlate.result.PlateResult").hasMessageContaining("missing");
        assertThatThrownBy(() -> read(TOPIC, result("京A12345", "").replace("\"colorType\":1",
                "\"colorType\":\"blue\""))).hasMessageContaining("PlateResult.colorType")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> read(TOPIC, result("京A12345", ",\"imageFile\":\"@@not base64@@\"")))
                .hasMessageContaining("imageFile");
        assertThatThrownBy(() -> read(TOPIC, result("京A12345", "").substring(0, 80))).hasMessageContaining(
                "not valid JSON");
    }

    @Test
    void writesTheGpioOpenCommand() {
        assertThat(AlarmInfoPlateAdapter.openTopic("e3a1-77f0")).isEqualTo("device/e3a1-77f0/message/down/gpio_out");
        assertThat(AlarmInfoPlateAdapter.openCommand("e3a1-77f0", "c1", 1795305600L)).contains("\"name\":\"gpio_out\"")
                .contains("\"body\":{\"delay\":500,\"io\":0,\"value\":2}");
    }
}

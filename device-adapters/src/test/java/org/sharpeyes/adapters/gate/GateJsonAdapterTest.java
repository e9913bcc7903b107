package org.sharpeyes.adapters.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Severity;

class GateJsonAdapterTest {

    private final GateJsonAdapter adapter = new GateJsonAdapter(DeviceTimes.CHINA);
    private static final String TOPIC = "devices/gate/51012200001410000001/event";

    private DeviceEvent read(String json) throws AdapterException {
        return adapter.normalize(TOPIC, json.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void readsAPassWithADottedPlate() throws AdapterException {
        DeviceEvent event = read("{\"deviceId\":\"51012200001410000001\",\"eventId\":\"g-000812\","
                + "\"time\":\"2026-11-22T08:01:02+08:00\",\"event\":\"PASS\",\"direction\":\"IN\","
                + "\"plate\":\"川A·88K21\",\"plateColor\":\"blue\",\"barrier\":\"OPENED\"}");
        assertThat(event.type()).isEqualTo(EventType.VEHICLE_PASS);
        assertThat(event.deviceEventId()).isEqualTo("g-000812");
        assertThat(event.attributes()).containsEntry("plate", "川A88K21").containsEntry("plateColor", "BLUE")
                .containsEntry("direction", "IN").containsEntry("gateState", "OPENED");
    }

    @Test
    void readsGateStatesFaultsAndUnknownEventsInAnyFieldOrder() throws AdapterException {
        assertThat(read("{\"event\":\"closed\",\"eventId\":\"g2\"}").attributes()).containsEntry("gateState",
                "CLOSED");
        DeviceEvent fault = read("{\"faultCode\":\"E12\",\"message\":\"电机过热\",\"event\":\"FAULT\",\"eventId\":\"g3\","
                + "\"extra\":{\"nested\":[1,2]}}");
        assertThat(fault.type()).isEqualTo(EventType.DEVICE_FAULT);
        assertThat(fault.severity()).isEqualTo(Severity.WARNING);
        assertThat(fault.deviceId()).as("from the topic").isEqualTo("51012200001410000001");
        assertThat(read("{\"event\":\"HEARTBEAT\"}").type()).isEqualTo(EventType.DEVICE_STATUS);
    }

    @Test
    void derivesTheSameIdForTheSamePayload() throws AdapterException {
        String json = "{\"event\":\"PASS\",\"plate\":\"京A12345\"}";
        assertThat(read(json).deviceEventId()).isEqualTo(read(json).deviceEventId()).startsWith("sha256:");
    }

    @Test
    void refusesMissingEventWrongTypesAndBadTimes() {
        assertThatThrownBy(() -> read("{\"eventId\":\"x\"}")).hasMessage("event: missing");
        assertThatThrownBy(() -> read("{\"event\":{\"a\":1}}")).hasMessageContaining("event: expected text");
        assertThatThrownBy(() -> read("{\"event\":\"PASS\",\"time\":\"yesterday\"}")).hasMessageContaining(
                "time: not an ISO-8601 time");
        assertThatThrownBy(() -> read("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> adapter.normalize(TOPIC, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3,
                (byte) 0x28, '"', '}'})).isInstanceOf(AdapterException.class).hasMessageContaining("not valid JSON");
    }
}

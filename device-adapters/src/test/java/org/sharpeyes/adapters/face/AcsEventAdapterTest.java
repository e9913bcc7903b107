package org.sharpeyes.adapters.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.EventType;

class AcsEventAdapterTest {

    private final AcsEventAdapter adapter = new AcsEventAdapter(DeviceTimes.CHINA);
    private static final String TOPIC = "devices/acs/51012200001420000005/event";

    static String event(int major, int minor) {
        return "{\"ipAddress\":\"10.2.3.9\",\"dateTime\":\"2026-11-22T08:03:00+08:00\",\"eventType\":"
                + "\"AccessControllerEvent\",\"AccessControllerEvent\":{\"deviceName\":\"3栋单元门\",\"majorEventType\":"
                + major + ",\"subEventType\":" + minor + ",\"name\":\"张三\",\"employeeNoString\":\"1024\","
                + "\"currentVerifyMode\":\"face\",\"serialNo\":881,\"mask\":\"no\",\"picturesNumber\":1}}";
    }

    private DeviceEvent read(String json) throws AdapterException {
        return adapter.normalize(TOPIC, json.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void aVerifiedFaceIsAMatchOfAKnownPerson() throws AdapterException {
        DeviceEvent event = read(event(5, 75));
        assertThat(event.type()).isEqualTo(EventType.FACE_MATCH);
        assertThat(event.deviceEventId()).isEqualTo("serialNo:881");
        assertThat(event.attributes()).containsEntry("personName", "张三").containsEntry("employeeNo", "1024")
                .containsEntry("matched", true);
    }

    @Test
    void anUnmatchedFaceIsACaptureAndOtherEventsAStatus() throws AdapterException {
        assertThat(read(event(5, 76)).type()).isEqualTo(EventType.FACE_CAPTURE);
        assertThat(read(event(5, 76)).attributes()).containsEntry("matched", false);
        assertThat(read(event(3, 1024)).type()).isEqualTo(EventType.DEVICE_STATUS);
        assertThat(read(event(5, 75).replace("\"majorEventType\":5", "\"majorEventType\":\"5\"")).type())
                .isEqualTo(EventType.FACE_MATCH);
    }

    @Test
    void refusesAMissingEventTypeAndWrongTypes() {
        assertThatThrownBy(() -> read("{\"dateTime\":\"2026-11-22T08:03:00+08:00\"}")).hasMessage(
                "eventType: missing");
        assertThatThrownBy(() -> read(event(5, 75).replace("\"serialNo\":881", "\"serialNo\":\"abc\"")))
                .hasMessageContaining("AccessControllerEvent.serialNo");
    }
}

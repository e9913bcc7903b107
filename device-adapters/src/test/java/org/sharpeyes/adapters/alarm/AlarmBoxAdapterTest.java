package org.sharpeyes.adapters.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Severity;

class AlarmBoxAdapterTest {

    private final AlarmBoxAdapter adapter = new AlarmBoxAdapter(DeviceTimes.CHINA);
    private static final String TOPIC = "devices/alarm/51012200001340000021/sos";

    static String alarm(String type) {
        return "{\"deviceId\":\"51012200001340000021\",\"alarmId\":\"a-20261122-0001\",\"alarmType\":\"" + type
                + "\",\"ts\":1795305900123,\"lng\":104.06,\"lat\":30.67,\"zone\":\"实验小学 东门岗亭\",\"battery\":87}";
    }

    private DeviceEvent read(String json) throws AdapterException {
        return adapter.normalize(TOPIC, json.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void anSosIsACriticalOneKeyAlarm() throws AdapterException {
        DeviceEvent event = read(alarm("SOS"));
        assertThat(event.type()).isEqualTo(EventType.ONE_KEY_ALARM);
        assertThat(event.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(event.occurredAt()).isEqualTo(OffsetDateTime.parse("2026-11-22T08:05:00.123+08:00"));
        assertThat(event.attributes()).containsEntry("alarmType", "SOS").containsEntry("drill", false)
                .containsEntry("lat", 30.67).containsEntry("lon", 104.06).containsEntry("description", "实验小学 东门岗亭");
    }

    @Test
    void aTestIsADrillACancelClosesAndFaultsAreFaults() throws AdapterException {
        DeviceEvent drill = read(alarm("TEST"));
        assertThat(drill.severity()).isEqualTo(Severity.INFO);
        assertThat(drill.attributes()).containsEntry("drill", true);
        DeviceEvent cancel = read(alarm("CANCEL"));
        assertThat(cancel.attributes()).containsEntry("alarmType", "CANCEL");
        assertThat(cancel.deviceEventId()).as("distinct from the alarm it cancels").isEqualTo(
                "a-20261122-0001:CANCEL");
        assertThat(read(alarm("TAMPER")).type()).isEqualTo(EventType.DEVICE_FAULT);
        assertThat(read(alarm("FIRE")).severity()).as("never ignored").isEqualTo(Severity.CRITICAL);
    }

    /** #16: {@code ts: 1e400} used to be stored as the year 292,278,994. */
    @Test
    void refusesTimesNoDeviceClockCanShow() throws AdapterException {
        for (String ts : new String[] {"1e400", "-1", "9223372036854775807", "99999999999999999999", "4102444800000"}) {
            assertThatThrownBy(() -> read("{\"alarmType\":\"SOS\",\"ts\":" + ts + "}")).as(ts)
                    .isInstanceOfSatisfying(AdapterException.class, e -> assertThat(e.field()).isEqualTo("ts"));
        }
        assertThat(read("{\"alarmType\":\"SOS\",\"ts\":1000}").occurredAt().getYear()).as("a clock reset to 1970")
                .isEqualTo(1970);
    }

    @Test
    void refusesAMissingTypeOrUnreadableCoordinates() {
        assertThatThrownBy(() -> read("{\"deviceId\":\"x\"}")).hasMessage("alarmType: missing");
        assertThatThrownBy(() -> read(alarm("SOS").replace("30.67", "\"north\""))).hasMessageContaining(
                "lat: expected a number");
    }
}

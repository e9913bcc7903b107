package org.sharpeyes.adapters.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.Severity;

class Gb28181AlarmAdapterTest {

    private final Gb28181AlarmAdapter adapter = new Gb28181AlarmAdapter(DeviceTimes.CHINA);
    private static final String TOPIC = "devices/gb/51012200001340000022/alarm";

    static String notify(int priority, int method) {
        return "<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<Notify><CmdType>Alarm</CmdType><SN>17</SN>"
                + "<DeviceID>51012200001340000022</DeviceID><AlarmPriority>" + priority + "</AlarmPriority>"
                + "<AlarmMethod>" + method + "</AlarmMethod><AlarmTime>2026-11-22T08:05:00</AlarmTime>"
                + "<AlarmDescription>一键报警</AlarmDescription><Longitude>104.07</Longitude>"
                + "<Latitude>30.66</Latitude></Notify>";
    }

    @Test
    void readsGb2312BytesByTheDeclaration() throws AdapterException {
        DeviceEvent event = adapter.normalize(TOPIC, notify(1, 2).getBytes(Charset.forName("GB2312"))).get(0);
        assertThat(event.type()).isEqualTo(EventType.ONE_KEY_ALARM);
        assertThat(event.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(event.deviceEventId()).isEqualTo("SN:17@2026-11-22T08:05:00");
        assertThat(event.occurredAt()).isEqualTo(OffsetDateTime.parse("2026-11-22T08:05:00+08:00"));
        assertThat(event.attributes()).containsEntry("description", "一键报警").containsEntry("lat", 30.66)
                .containsEntry("lon", 104.07);
    }

    @Test
    void mapsPrioritiesAndFaults() throws AdapterException {
        assertThat(adapter.normalize(TOPIC, notify(2, 2).getBytes(Charset.forName("GB2312"))).get(0).severity())
                .isEqualTo(Severity.WARNING);
        assertThat(adapter.normalize(TOPIC, notify(4, 2).getBytes(Charset.forName("GB2312"))).get(0).severity())
                .isEqualTo(Severity.INFO);
        assertThat(adapter.normalize(TOPIC, notify(1, 6).getBytes(Charset.forName("GB2312"))).get(0).type())
                .isEqualTo(EventType.DEVICE_FAULT);
    }

    @Test
    void refusesOtherCommandsAndBrokenXml() {
        assertThatThrownBy(() -> adapter.normalize(TOPIC, "<Notify><CmdType>Catalog</CmdType></Notify>"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("CmdType");
        assertThatThrownBy(() -> adapter.normalize(TOPIC, notify(1, 2).substring(0, 90)
                .getBytes(Charset.forName("GB2312")))).isInstanceOf(AdapterException.class);
        assertThatThrownBy(() -> adapter.normalize(TOPIC, notify(1, 2).replace("<AlarmPriority>1", "<AlarmPriority>x")
                .getBytes(Charset.forName("GB2312")))).hasMessageContaining("AlarmPriority");
    }
}

package org.sharpeyes.adapters.plate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.EventType;

class IsapiAnprAdapterTest {

    private final IsapiAnprAdapter adapter = new IsapiAnprAdapter(DeviceTimes.CHINA);
    private static final String TOPIC = "devices/isapi/51012200001320000009/anpr";
    static final String XML = "<EventNotificationAlert version=\"2.0\" xmlns=\"http://www.hikvision.com/ver20/XMLSchema\">"
            + "<ipAddress>10.2.3.4</ipAddress><channelID>1</channelID><dateTime>2026-11-22T08:01:02+08:00</dateTime>"
            + "<activePostCount>1</activePostCount><eventType>ANPR</eventType><eventState>active</eventState>"
            + "<ANPR><country>CHN</country><licensePlate>京A12345</licensePlate><line>1</line>"
            + "<direction>forward</direction><confidenceLevel>98</confidenceLevel><plateType>92TypeCivil</plateType>"
            + "<plateColor>blue</plateColor><vehicleType>vehicle</vehicleType></ANPR></EventNotificationAlert>";

    private DeviceEvent read(String body) throws AdapterException {
        return adapter.normalize(TOPIC, body.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void readsTheXmlExample() throws AdapterException {
        DeviceEvent event = read(XML);
        assertThat(event.type()).isEqualTo(EventType.PLATE_READ);
        assertThat(event.deviceId()).isEqualTo("51012200001320000009");
        assertThat(event.occurredAt()).isEqualTo(OffsetDateTime.parse("2026-11-22T08:01:02+08:00"));
        assertThat(event.attributes()).containsEntry("plate", "京A12345").containsEntry("plateColor", "BLUE")
                .containsEntry("direction", "IN").containsEntry("confidence", 98L)
                .containsEntry("vehicleType", "vehicle");
    }

    @Test
    void readsTheSameAlertAsJsonWrappedOrNot() throws AdapterException {
        String inner = "{\"ipAddress\":\"10.2.3.4\",\"dateTime\":\"2026-11-22T08:01:02+08:00\",\"eventType\":\"ANPR\","
                + "\"ANPR\":{\"licensePlate\":\"京A12345\",\"plateColor\":\"yellow\",\"confidenceLevel\":\"97\"}}";
        assertThat(read(inner).attributes()).containsEntry("plateColor", "YELLOW").containsEntry("confidence", 97L);
        assertThat(read("{\"EventNotificationAlert\":" + inner + "}").attributes()).containsEntry("plate",
                "京A12345");
    }

    @Test
    void readsGb2312DeclaredXmlByItsDeclaration() throws AdapterException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"GB2312\"?>" + XML).getBytes(java.nio.charset.Charset
                .forName("GB2312"));
        DeviceEvent event = adapter.normalize(TOPIC, body).get(0);
        assertThat(event.attributes()).containsEntry("plate", "京A12345");
    }

    @Test
    void turnsOtherEventTypesIntoFaultsAndHeartbeatsIntoStatus() throws AdapterException {
        DeviceEvent loss = read("<EventNotificationAlert><eventType>videoloss</eventType>"
                + "<eventState>active</eventState><eventDescription>videoloss alarm</eventDescription>"
                + "</EventNotificationAlert>");
        assertThat(loss.type()).isEqualTo(EventType.DEVICE_FAULT);
        assertThat(loss.attributes()).containsEntry("faultCode", "videoloss").containsEntry("message",
                "videoloss alarm");
        assertThat(read("<EventNotificationAlert><eventType>heartBeat</eventType></EventNotificationAlert>").type())
                .isEqualTo(EventType.DEVICE_STATUS);
    }

    @Test
    void refusesBrokenXmlMissingPlatesAndEntities() {
        assertThatThrownBy(() -> read(XML.substring(0, 200))).isInstanceOf(AdapterException.class)
                .hasMessageContaining("not well-formed XML");
        assertThatThrownBy(() -> read("<EventNotificationAlert><eventType>ANPR</eventType><ANPR/>"
                + "</EventNotificationAlert>")).hasMessageContaining("ANPR.licensePlate: missing");
        assertThatThrownBy(() -> read("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<EventNotificationAlert><eventType>&e;</eventType></EventNotificationAlert>"))
                .isInstanceOf(AdapterException.class);
        assertThatThrownBy(() -> read("<EventNotificationAlert/>")).hasMessageContaining("eventType: missing");
    }
}

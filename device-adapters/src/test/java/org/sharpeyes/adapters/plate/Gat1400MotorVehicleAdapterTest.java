package org.sharpeyes.adapters.plate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sharpeyes.adapters.event.AdapterException;
import org.sharpeyes.adapters.event.DeviceEvent;
import org.sharpeyes.adapters.event.DeviceTimes;
import org.sharpeyes.adapters.event.EventType;
import org.sharpeyes.adapters.event.PartlyReadException;

class Gat1400MotorVehicleAdapterTest {

    private final Gat1400MotorVehicleAdapter adapter = new Gat1400MotorVehicleAdapter(DeviceTimes.CHINA);
    private static final String TOPIC = "devices/viid/51012200001190000003/motorvehicles";

    static String vehicle(String id, String plate, String color) {
        return "{\"MotorVehicleID\":\"" + id + "\",\"DeviceID\":\"51012200001190000003\",\"TollgateID\":\"t1\","
                + "\"LaneNo\":2,\"HasPlate\":\"1\",\"PlateClass\":\"02\",\"PlateColor\":\"" + color + "\",\"PlateNo\":\""
                + plate + "\",\"PlateReliability\":\"95\",\"Speed\":32,\"Direction\":\"1\",\"VehicleClass\":\"K33\","
                + "\"VehicleColor\":\"2\",\"PassTime\":\"20261122080102\",\"SubImageList\":{\"SubImageInfoObject\":"
                + "[{\"ImageID\":\"i1\",\"Type\":\"02\",\"FileFormat\":\"Jpeg\",\"Data\":\"/9j/AAEC\"}]}}";
    }

    private List<DeviceEvent> read(String json) throws AdapterException {
        return adapter.normalize(TOPIC, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void makesOnePlateReadPerRecord() throws AdapterException {
        List<DeviceEvent> events = read("{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[" + vehicle("v1",
                "川A12345", "5") + "," + vehicle("v2", "川A·D1234F", "9") + "," + vehicle("v3", "川B00001", "4") + "]}}");
        assertThat(events).extracting(DeviceEvent::deviceEventId).containsExactly("v1", "v2", "v3");
        assertThat(events).extracting(DeviceEvent::type).containsOnly(EventType.PLATE_READ);
        assertThat(events.get(0).attributes()).containsEntry("plate", "川A12345").containsEntry("plateColor", "BLUE")
                .containsEntry("confidence", 95L).containsEntry("vehicleType", "K33");
        assertThat(events.get(1).attributes()).containsEntry("plate", "川AD1234F").containsEntry("plateColor",
                "GREEN");
        assertThat(events.get(2).attributes()).as("red is no plate colour").containsEntry("plateColor", "UNKNOWN");
        assertThat(events.get(0).occurredAt()).isEqualTo(OffsetDateTime.parse("2026-11-22T08:01:02+08:00"));
        assertThat(events.get(0).images()).hasSize(1);
    }

    @Test
    void takesASingleObjectForAListAndAVehicleWithoutAPlate() throws AdapterException {
        String noPlate = "{\"MotorVehicleID\":\"v9\",\"HasPlate\":\"0\",\"PassTime\":\"20261122080102\"}";
        DeviceEvent event = read("{\"MotorVehicleListObject\":{\"MotorVehicleObject\":" + noPlate + "}}").get(0);
        assertThat(event.deviceId()).as("from the topic").isEqualTo("51012200001190000003");
        assertThat(event.attributes()).doesNotContainKey("plate");
    }

    /** #16: one bad record used to throw the whole message away, its good records with it. */
    @Test
    void keepsTheGoodRecordsOfAMessageBesideABadOne() {
        assertThatThrownBy(() -> read("{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[" + vehicle("v1",
                "川A12345", "5") + ",{\"MotorVehicleID\":\"v2\",\"HasPlate\":\"1\"}," + vehicle("v3", "川B00001", "5")
                + "]}}")).isInstanceOfSatisfying(PartlyReadException.class, partly -> {
                    assertThat(partly.read()).extracting(DeviceEvent::deviceEventId).containsExactly("v1", "v3");
                    assertThat(partly.refused()).hasSize(1);
                    assertThat(partly.field()).isEqualTo("MotorVehicleListObject.MotorVehicleObject[1].PlateNo");
                    assertThat(partly.getMessage()).endsWith("PlateNo: 1 of 3 records unreadable; first: missing");
                });
    }

    /** #16: a plate that is neither plain text nor Base64 of one is not stored as a plate, but kept aside. */
    @Test
    void keepsAnUnreadablePlateAsideRatherThanAsAPlate() throws AdapterException {
        DeviceEvent broken = read("{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[" + vehicle("v1",
                "5Lqs!!QTEy", "5") + "]}}").get(0);
        assertThat(broken.attributes()).doesNotContainKey("plate");
        assertThat(broken.attributes().get("raw")).asString().contains("unreadablePlate=5Lqs!!QTEy");
        DeviceEvent withNul = read("{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[" + vehicle("v2",
                "川A\\u000012345", "5") + "]}}").get(0);
        assertThat(withNul.attributes()).containsEntry("plate", "川A12345");
    }

    @Test
    void namesTheRecordAndFieldAtFault() {
        assertThatThrownBy(() -> read("{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[" + vehicle("v1",
                "川A12345", "5") + "," + vehicle("v2", "川A12345", "5").replace("20261122080102", "2026-11-22")
                + "]}}")).hasMessageContaining("MotorVehicleObject[1].PassTime");
        assertThatThrownBy(() -> read("{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[{\"HasPlate\":\"1\"}]}}"))
                .hasMessageContaining("MotorVehicleObject[0].PlateNo: missing");
        assertThatThrownBy(() -> read("{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[]}}"))
                .hasMessageContaining("empty list");
        assertThatThrownBy(() -> read("{\"Other\":1}")).hasMessageContaining(
                "MotorVehicleListObject.MotorVehicleObject: missing");
    }
}

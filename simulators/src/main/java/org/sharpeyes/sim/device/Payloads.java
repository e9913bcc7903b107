package org.sharpeyes.sim.device;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Random;

/**
 * The simulators' own payload templates for every dialect (written from DIALECTS.md, field order and extras varied
 * the way real firmware varies them), plus the faults tests need: malformed bodies and unknown devices.
 */
public final class Payloads {

    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String PROVINCES = "川京粤沪浙苏渝陕";
    private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final Charset GB2312 = Charset.forName("GB2312");

    private final Random random;

    public Payloads(long seed) {
        this.random = new Random(seed);
    }

    /** A plausible Chinese plate: province, letter, five letters and digits (eight characters for new energy). */
    public String plate() {
        StringBuilder plate = new StringBuilder().append(PROVINCES.charAt(random.nextInt(PROVINCES.length())))
                .append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        int length = random.nextInt(5) == 0 ? 6 : 5;
        for (int i = 0; i < length; i++) {
            plate.append(random.nextInt(3) == 0 ? LETTERS.charAt(random.nextInt(LETTERS.length()))
                    : (char) ('0' + random.nextInt(10)));
        }
        return plate.toString();
    }

    /** One normal event of {@code dialect} from device {@code name} (code or serial), with event id {@code id}. */
    public byte[] event(Dialect dialect, String name, String id, OffsetDateTime at) {
        String plate = plate();
        String time = at.withOffsetSameInstant(CHINA).toString();
        String compact = at.atZoneSameInstant(CHINA).toLocalDateTime().format(COMPACT);
        return switch (dialect) {
            case GATE_ALARMINFOPLATE -> utf8("{\"id\":\"" + id + "\",\"sn\":\"" + name + "\",\"name\":\"东门入口\","
                    + "\"version\":\"1.0\",\"timestamp\":" + at.toEpochSecond() + ",\"payload\":{\"AlarmInfoPlate\":{"
                    + "\"channel\":0,\"deviceName\":\"东门入口\",\"result\":{\"PlateResult\":{\"license\":\""
                    + (random.nextBoolean() ? Base64.getEncoder().encodeToString(utf8(plate)) : plate)
                    + "\",\"colorType\":" + (1 + random.nextInt(2)) + ",\"type\":1,\"confidence\":" + (85
                    + random.nextInt(15)) + ",\"direction\":" + (3 + random.nextInt(2)) + ",\"timeStamp\":{\"Timeval\":"
                    + "{\"sec\":" + at.toEpochSecond() + ",\"usec\":0}}}}}}}");
            case GATE_JSON -> utf8("{\"eventId\":\"" + id + "\",\"deviceId\":\"" + name + "\",\"time\":\"" + time
                    + "\",\"event\":\"PASS\",\"direction\":\"" + (random.nextBoolean() ? "IN" : "OUT")
                    + "\",\"plate\":\"" + plate.substring(0, 2) + "·" + plate.substring(2) + "\",\"plateColor\":\"blue\","
                    + "\"barrier\":\"OPENED\",\"firmware\":\"2.3.1\"}");
            case PLATE_ISAPI -> utf8("<EventNotificationAlert version=\"2.0\"><ipAddress>10.2.3.4</ipAddress>"
                    + "<channelID>1</channelID><dateTime>" + time + "</dateTime><activePostCount>1</activePostCount>"
                    + "<eventType>ANPR</eventType><eventState>active</eventState><ANPR><country>CHN</country>"
                    + "<licensePlate>" + plate + "</licensePlate><direction>forward</direction><confidenceLevel>"
                    + (90 + random.nextInt(10)) + "</confidenceLevel><plateColor>blue</plateColor><vehicleType>vehicle"
                    + "</vehicleType><eventId>" + id + "</eventId></ANPR></EventNotificationAlert>");
            case PLATE_GAT1400 -> utf8("{\"MotorVehicleListObject\":{\"MotorVehicleObject\":[{\"MotorVehicleID\":\""
                    + id + "\",\"DeviceID\":\"" + name + "\",\"HasPlate\":\"1\",\"PlateColor\":\"5\",\"PlateNo\":\""
                    + plate + "\",\"PlateReliability\":\"95\",\"Speed\":" + (20 + random.nextInt(40))
                    + ",\"PassTime\":\"" + compact + "\"}]}}");
            case FACE_ACS -> utf8("{\"dateTime\":\"" + time + "\",\"eventType\":\"AccessControllerEvent\","
                    + "\"AccessControllerEvent\":{\"deviceName\":\"3栋单元门\",\"majorEventType\":5,\"subEventType\":"
                    + (random.nextInt(4) == 0 ? 76 : 75) + ",\"name\":\"住户" + random.nextInt(500) + "\","
                    + "\"employeeNoString\":\"" + random.nextInt(10_000) + "\",\"serialNo\":" + Math.abs(id.hashCode())
                    + ",\"currentVerifyMode\":\"face\"}}");
            case FACE_GAT1400 -> utf8("{\"FaceListObject\":{\"FaceObject\":[{\"FaceID\":\"" + id + "\",\"DeviceID\":\""
                    + name + "\",\"InfoKind\":1,\"FaceAppearTime\":\"" + compact + "\""
                    + (random.nextInt(50) == 0 ? ",\"SimilarityDegree\":0.93,\"DispositionID\":\"watchlist-01\"" : "")
                    + "}]}}");
            case ALARM_JSON -> alarm(name, id, "SOS", at);
            case ALARM_GB28181 -> gbAlarm(name, id, 1, at);
        };
    }

    /** An alarm-box message of {@code type} ({@code SOS}, {@code TEST}, {@code CANCEL}, {@code FAULT}). */
    public byte[] alarm(String deviceId, String alarmId, String type, OffsetDateTime at) {
        return utf8("{\"deviceId\":\"" + deviceId + "\",\"alarmId\":\"" + alarmId + "\",\"alarmType\":\"" + type
                + "\",\"ts\":" + at.toInstant().toEpochMilli() + ",\"lng\":104.06,\"lat\":30.67,\"zone\":\"实验小学 东门岗亭\","
                + "\"battery\":87}");
    }

    /** A GB/T 28181 alarm notification in GB2312, as those devices send it. */
    public byte[] gbAlarm(String deviceId, String sn, int priority, OffsetDateTime at) {
        LocalDateTime local = at.atZoneSameInstant(CHINA).toLocalDateTime().withNano(0);
        return ("<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<Notify><CmdType>Alarm</CmdType><SN>" + Math.abs(
                sn.hashCode() % 1_000_000) + "</SN><DeviceID>" + deviceId + "</DeviceID><AlarmPriority>" + priority
                + "</AlarmPriority><AlarmMethod>2</AlarmMethod><AlarmTime>" + local + "</AlarmTime>"
                + "<AlarmDescription>一键报警</AlarmDescription><Longitude>104.07</Longitude><Latitude>30.66</Latitude>"
                + "</Notify>").getBytes(GB2312);
    }

    /** A keep-alive of the dialects that have one, else null. */
    public byte[] keepAlive(Dialect dialect, String name, String id, OffsetDateTime at) {
        return dialect == Dialect.GATE_ALARMINFOPLATE ? utf8("{\"id\":\"" + id + "\",\"sn\":\"" + name
                + "\",\"timestamp\":" + at.toEpochSecond() + "}") : null;
    }

    /** A body its dialect cannot read: cut short, a wrong type, or bytes that are not UTF-8. */
    public byte[] malformed(Dialect dialect, String name, String id, OffsetDateTime at) {
        byte[] good = event(dialect, name, id, at);
        return switch (random.nextInt(3)) {
            case 0 -> java.util.Arrays.copyOf(good, Math.max(1, good.length / 2));
            case 1 -> new byte[] {'{', '"', 'x', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
            default -> dialect == Dialect.PLATE_ISAPI || dialect == Dialect.ALARM_GB28181
                    ? utf8("<Broken><eventType>") : utf8("[\"not\",\"an\",\"object\"]");
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

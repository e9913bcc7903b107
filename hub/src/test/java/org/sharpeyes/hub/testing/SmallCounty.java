package org.sharpeyes.hub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/**
 * A small county registered through the API for tests: county 510122 with townships 001 and 002, each with
 * villages 001 and 002, a community under township 001; and an operator and an installer per level.
 */
public final class SmallCounty {

    public static final String COUNTY = "510122";
    public static final String TOWNSHIP_1 = "510122001";
    public static final String TOWNSHIP_2 = "510122002";
    public static final String VILLAGE_1_1 = "510122001001";
    public static final String VILLAGE_2_1 = "510122002001";
    public static final String COMMUNITY_1 = "510122001201";
    public static final String PASSWORD = "operator-pw-1";

    private SmallCounty() {
    }

    /** Registers the regions and operators {@code county-op}, {@code town1-op}, {@code town2-op},
     * {@code village11-op} (OPERATOR) and {@code town1-installer} (INSTALLER). */
    public static void register(ApiClient admin) {
        region(admin, COUNTY, "演示县", "COUNTY", null);
        region(admin, TOWNSHIP_1, "东升街道", "TOWNSHIP", COUNTY);
        region(admin, TOWNSHIP_2, "九江街道", "TOWNSHIP", COUNTY);
        region(admin, VILLAGE_1_1, "红星村", "VILLAGE", TOWNSHIP_1);
        region(admin, "510122001002", "和平村", "VILLAGE", TOWNSHIP_1);
        region(admin, VILLAGE_2_1, "光明村", "VILLAGE", TOWNSHIP_2);
        region(admin, COMMUNITY_1, "锦绣小区", "COMMUNITY", TOWNSHIP_1);
        operator(admin, "county-op", COUNTY, "OPERATOR");
        operator(admin, "town1-op", TOWNSHIP_1, "OPERATOR");
        operator(admin, "town2-op", TOWNSHIP_2, "OPERATOR");
        operator(admin, "village11-op", VILLAGE_1_1, "OPERATOR");
        operator(admin, "town1-installer", TOWNSHIP_1, "INSTALLER");
    }

    private static void region(ApiClient admin, String code, String name, String kind, String parent) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("code", code, "name", name, "kind", kind));
        body.put("parent", parent);
        ApiClient.Reply reply = admin.post("/api/v1/regions", body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    }

    private static void operator(ApiClient admin, String username, String center, String role) {
        ApiClient.Reply reply = admin.post("/api/v1/operators",
                Map.of("username", username, "password", PASSWORD, "center", center, "role", role));
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    }

    /** A camera point JSON body in {@code region}; {@code serial} is the 6-digit serial at the end of the code. */
    public static Map<String, Object> camera(String region, int serial) {
        String admin8 = COUNTY + region.substring(7, 9);
        Map<String, Object> point = new java.util.HashMap<>();
        point.put("code", admin8 + "01" + "132" + "0" + String.format("%06d", serial));
        point.put("name", "摄像机" + serial);
        point.put("type", "CAMERA");
        point.put("region", region);
        point.put("source", "SHARP_EYES");
        point.put("lat", 30.5);
        point.put("lon", 103.9);
        point.put("streamUrl", "rtsp://127.0.0.1:8654/cam" + serial);
        return point;
    }

    /**
     * A device point JSON body: {@code type} (e.g. {@code BARRIER_GATE}) with its GB/T 28181 type code, MQTT
     * credentials {@code username}/{@code password} and vendor {@code serialNo} (either may be null).
     */
    public static Map<String, Object> device(String region, String type, String typeCode, int serial, String username,
            String password, String serialNo) {
        String admin8 = COUNTY + region.substring(7, 9);
        Map<String, Object> point = new java.util.HashMap<>();
        point.put("code", admin8 + "01" + typeCode + "0" + String.format("%06d", serial));
        point.put("name", type + serial);
        point.put("type", type);
        point.put("region", region);
        point.put("source", "COMMUNITY");
        if (username != null) {
            point.put("username", username);
            point.put("password", password);
        }
        if (serialNo != null) {
            point.put("serial", serialNo);
        }
        return point;
    }
}

package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;

class PointApiTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    static ApiClient admin;
    static ApiClient installer;
    static ApiClient town1;
    static ApiClient town2;
    static ApiClient village;

    @BeforeAll
    static void start() {
        admin = HUB.admin();
        installer = admin.as("town1-installer", SmallCounty.PASSWORD);
        town1 = admin.as("town1-op", SmallCounty.PASSWORD);
        town2 = admin.as("town2-op", SmallCounty.PASSWORD);
        village = admin.as("village11-op", SmallCounty.PASSWORD);
        for (int i = 1; i <= 30; i++) {
            String region = i <= 10 ? SmallCounty.VILLAGE_1_1 : i <= 20 ? SmallCounty.TOWNSHIP_1 : SmallCounty.TOWNSHIP_2;
            Map<String, Object> camera = SmallCounty.camera(region, i);
            if (i % 10 == 0) {
                camera.put("source", "SKYNET");
            }
            assertThat(admin.post("/api/v1/points", camera).status()).isEqualTo(201);
        }
    }

    @Test
    void registersAPointAndNeverReturnsItsCredentials() {
        Map<String, Object> camera = SmallCounty.camera(SmallCounty.TOWNSHIP_1, 101);
        camera.put("streamUrl", "rtsp://admin:cam-secret@10.1.1.1:554/live");
        ApiClient.Reply created = installer.post("/api/v1/points", camera);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("streamUrl").asText()).isEqualTo("rtsp://10.1.1.1:554/live");
        assertThat(created.json().get("hasCredentials").asBoolean()).isTrue();
        assertThat(created.json().get("status").asText()).isEqualTo("UNKNOWN");
        ApiClient.Reply read = town1.get("/api/v1/points/" + camera.get("code"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text()).doesNotContain("cam-secret").doesNotContain("\"password\"");
        assertThat(HUB.hub().hub().points().credentials((String) camera.get("code")).orElseThrow().password())
                .isEqualTo("cam-secret");
    }

    @Test
    void refusesAPointWhoseCodeDisagreesWithItsRegionOrType() {
        Map<String, Object> camera = SmallCounty.camera(SmallCounty.TOWNSHIP_1, 102);
        camera.put("type", "BARRIER_GATE");
        ApiClient.Reply reply = admin.post("/api/v1/points", camera);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("code");
        assertThat(reply.json().get("detail").asText()).contains("digits 11-13 (132)").contains("needs 141");
        camera.put("type", "CAMERA");
        camera.put("code", "510123" + ((String) camera.get("code")).substring(6));
        assertThat(admin.post("/api/v1/points", camera).json().get("detail").asText())
                .contains("digits 1-6 (510123) must equal the county code 510122");
    }

    @Test
    void refusesADuplicateCodeWithConflict() {
        ApiClient.Reply reply = admin.post("/api/v1/points", SmallCounty.camera(SmallCounty.VILLAGE_1_1, 1));
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("field").asText()).isEqualTo("code");
    }

    @Test
    void rejectsUnknownAndMistypedFieldsNamingThem() {
        Map<String, Object> camera = SmallCounty.camera(SmallCounty.TOWNSHIP_1, 103);
        camera.put("colour", "red");
        assertThat(admin.post("/api/v1/points", camera).json().get("field").asText()).isEqualTo("colour");
        camera.remove("colour");
        camera.put("lat", Map.of("deg", 1));
        ApiClient.Reply reply = admin.post("/api/v1/points", camera);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("lat");
    }

    @Test
    void searchFiltersBySubtreeAndPagesWithATotal() {
        ApiClient.Reply township = admin.get("/api/v1/points?region=" + SmallCounty.TOWNSHIP_1 + "&size=7&page=2");
        assertThat(township.json().get("total").asLong()).isGreaterThanOrEqualTo(20);
        assertThat(township.json().get("items")).hasSize(7);
        assertThat(township.json().get("page").asInt()).isEqualTo(2);
        assertThat(admin.get("/api/v1/points?region=" + SmallCounty.VILLAGE_1_1).json().get("total").asLong())
                .isEqualTo(10);
        assertThat(admin.get("/api/v1/points?source=skynet&region=" + SmallCounty.COUNTY).json().get("total")
                .asLong()).isEqualTo(3);
        assertThat(admin.get("/api/v1/points?q=摄像机25").json().get("items").findValuesAsText("name"))
                .containsExactly("摄像机25");
        assertThat(admin.get("/api/v1/points?status=ONLINE").json().get("total").asLong()).isZero();
        assertThat(admin.get("/api/v1/points?type=DOME").json().get("field").asText()).isEqualTo("type");
        assertThat(admin.get("/api/v1/points?size=5000").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/points?page=0").json().get("field").asText()).isEqualTo("page");
        assertThat(admin.get("/api/v1/points?region=510199").status()).isEqualTo(404);
    }

    @Test
    void anOperatorSeesOnlyPointsInTheirRegion() {
        assertThat(town2.get("/api/v1/points").json().get("total").asLong()).isEqualTo(10);
        assertThat(town2.get("/api/v1/points").json().get("items").findValuesAsText("region"))
                .containsOnly(SmallCounty.TOWNSHIP_2);
        assertThat(town2.get("/api/v1/points?region=" + SmallCounty.COUNTY).json().get("total").asLong())
                .isEqualTo(10);
        assertThat(village.get("/api/v1/points").json().get("total").asLong()).isEqualTo(10);
    }

    @Test
    void refusesToShowAPointOutsideTheOperatorsRegion() {
        String townTwoPoint = (String) SmallCounty.camera(SmallCounty.TOWNSHIP_2, 21).get("code");
        assertThat(town2.get("/api/v1/points/" + townTwoPoint).status()).isEqualTo(200);
        ApiClient.Reply refused = town1.get("/api/v1/points/" + townTwoPoint);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.text()).doesNotContain("摄像机21");
        String townshipPoint = (String) SmallCounty.camera(SmallCounty.TOWNSHIP_1, 11).get("code");
        assertThat(village.get("/api/v1/points/" + townshipPoint).status()).isEqualTo(404);
        ApiClient.Reply search = town1.get("/api/v1/points?region=" + SmallCounty.TOWNSHIP_2);
        assertThat(search.status()).isEqualTo(404);
        assertThat(search.json().get("detail").asText()).isEqualTo("no region " + SmallCounty.TOWNSHIP_2
                + " in your region");
    }

    @Test
    void anInstallerRegistersEditsAndRemovesOnlyInsideTheirRegion() {
        Map<String, Object> outside = SmallCounty.camera(SmallCounty.TOWNSHIP_2, 201);
        ApiClient.Reply refused = installer.post("/api/v1/points", outside);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("region");
        Map<String, Object> nowhere = SmallCounty.camera(SmallCounty.TOWNSHIP_1, 202);
        nowhere.put("region", "510122009");
        assertThat(installer.post("/api/v1/points", nowhere).json().get("detail").asText())
                .as("a region that does not exist reads as one elsewhere").isEqualTo(refused.json().get("detail")
                        .asText().replace(SmallCounty.TOWNSHIP_2, "510122009"));
        String townTwoPoint = (String) SmallCounty.camera(SmallCounty.TOWNSHIP_2, 22).get("code");
        assertThat(installer.delete("/api/v1/points/" + townTwoPoint).status()).isEqualTo(404);
        assertThat(installer.put("/api/v1/points/" + townTwoPoint, SmallCounty.camera(SmallCounty.TOWNSHIP_2, 22))
                .status()).isEqualTo(404);
        Map<String, Object> moved = SmallCounty.camera(SmallCounty.TOWNSHIP_1, 12);
        moved.put("region", SmallCounty.TOWNSHIP_2);
        assertThat(installer.put("/api/v1/points/" + moved.get("code"), moved).status()).isEqualTo(400);
        assertThat(town2.get("/api/v1/points/" + townTwoPoint).status()).isEqualTo(200);
    }

    @Test
    void operatorsMayNotWriteTheRegistry() {
        ApiClient.Reply reply = town1.post("/api/v1/points", SmallCounty.camera(SmallCounty.TOWNSHIP_1, 301));
        assertThat(reply.status()).isEqualTo(403);
        assertThat(town1.delete("/api/v1/points/" + SmallCounty.camera(SmallCounty.TOWNSHIP_1, 11).get("code"))
                .status()).isEqualTo(403);
    }

    @Test
    void updateReplacesFieldsKeepsCredentialsAndAcceptsAReadBackBody() {
        Map<String, Object> camera = SmallCounty.camera(SmallCounty.VILLAGE_1_1, 401);
        camera.put("username", "admin");
        camera.put("password", "keep-me");
        admin.post("/api/v1/points", camera);
        String code = (String) camera.get("code");
        ApiClient.Reply read = admin.get("/api/v1/points/" + code);
        Map<String, Object> body = new HashMap<>();
        read.json().properties().forEach(e -> body.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asText()));
        body.put("name", "改名后");
        ApiClient.Reply updated = admin.put("/api/v1/points/" + code, body);
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().get("name").asText()).isEqualTo("改名后");
        assertThat(HUB.hub().hub().points().credentials(code).orElseThrow().password()).isEqualTo("keep-me");
        body.put("code", "51012201011320999999");
        assertThat(admin.put("/api/v1/points/" + code, body).json().get("field").asText()).isEqualTo("code");
        assertThat(admin.delete("/api/v1/points/" + code).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/points/" + code).status()).isEqualTo(404);
    }

    /** #22: a partial edit changes what it names and nothing else; PUT would have cleared the rest. */
    @Test
    void patchChangesOnlyTheFieldsItNamesAndStaysInsideTheRegion() {
        Map<String, Object> camera = SmallCounty.camera(SmallCounty.TOWNSHIP_1, 403);
        camera.put("streamUrl", "rtsp://10.1.1.3:554/live");
        camera.put("username", "admin");
        camera.put("password", "still-here");
        camera.put("vendor", "HIKVISION");
        String code = (String) camera.get("code");
        assertThat(installer.post("/api/v1/points", camera).status()).isEqualTo(201);
        ApiClient.Reply patched = installer.patch("/api/v1/points/" + code, Map.of("name", "只改名字"));
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(patched.json().get("name").asText()).isEqualTo("只改名字");
        assertThat(patched.json().get("streamUrl").asText()).isEqualTo("rtsp://10.1.1.3:554/live");
        assertThat(patched.json().get("lat").asDouble()).isEqualTo(30.5);
        assertThat(patched.json().get("vendor").asText()).isEqualTo("HIKVISION");
        assertThat(HUB.hub().hub().points().credentials(code).orElseThrow().password()).isEqualTo("still-here");
        Map<String, Object> clear = new HashMap<>();
        clear.put("vendor", null);
        assertThat(installer.patch("/api/v1/points/" + code, clear).json().get("vendor").isNull()).isTrue();
        assertThat(installer.patch("/api/v1/points/" + code, Map.of("region", SmallCounty.TOWNSHIP_2)).status())
                .as("moving a point out of the installer's region").isEqualTo(400);
        assertThat(installer.patch("/api/v1/points/" + code, Map.of("colour", "red")).json().get("field").asText())
                .isEqualTo("colour");
        assertThat(town1.patch("/api/v1/points/" + code, Map.of("name", "x")).status()).isEqualTo(403);
        assertThat(admin.delete("/api/v1/points/" + code).status()).isEqualTo(204);
    }

    /** #16: an installer pointing a camera at a host of their choosing used to take its password along. */
    @Test
    void pointingAStreamAtAnotherHostDropsTheCredentialsNotGivenAgain() {
        Map<String, Object> camera = SmallCounty.camera(SmallCounty.TOWNSHIP_1, 402);
        camera.put("streamUrl", "rtsp://admin:camera-secret@10.1.2.3:554/live");
        assertThat(installer.post("/api/v1/points", camera).status()).isEqualTo(201);
        String code = (String) camera.get("code");
        var credentials = HUB.hub().hub().points();
        camera.put("streamUrl", "rtsp://10.1.2.3/other-path");
        assertThat(installer.put("/api/v1/points/" + code, camera).status()).isEqualTo(200);
        assertThat(credentials.credentials(code).orElseThrow().password()).as("same host and default port")
                .isEqualTo("camera-secret");
        camera.put("streamUrl", "rtsp://10.9.9.9:554/live");
        ApiClient.Reply moved = installer.put("/api/v1/points/" + code, camera);
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        assertThat(moved.json().get("hasCredentials").asBoolean()).isFalse();
        camera.put("streamUrl", "rtsp://10.1.2.3:8554/live");
        camera.put("username", "admin");
        camera.put("password", "new-secret");
        assertThat(installer.put("/api/v1/points/" + code, camera).status()).isEqualTo(200);
        assertThat(credentials.credentials(code).orElseThrow().password()).as("given anew").isEqualTo("new-secret");
        camera.remove("username");
        camera.remove("password");
        camera.put("onvifUrl", "http://10.6.6.6/onvif/device_service");
        assertThat(installer.put("/api/v1/points/" + code, camera).json().get("hasCredentials").asBoolean())
                .as("an ONVIF address of its own counts too").isFalse();
        assertThat(admin.delete("/api/v1/points/" + code).status()).isEqualTo(204);
    }

    /** #16: a 409 for a code registered in another village used to tell the installer that the point exists. */
    @Test
    void aCodeTakenOutsideTheInstallersRegionIsRefusedWithoutSayingSo() {
        Map<String, Object> elsewhere = SmallCounty.camera("510122001002", 403);
        assertThat(admin.post("/api/v1/points", elsewhere).status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/operators", Map.of("username", "village-installer", "password",
                SmallCounty.PASSWORD, "center", SmallCounty.VILLAGE_1_1, "role", "INSTALLER")).status()).isEqualTo(201);
        ApiClient villageInstaller = admin.as("village-installer", SmallCounty.PASSWORD);
        Map<String, Object> mine = SmallCounty.camera(SmallCounty.VILLAGE_1_1, 403);
        assertThat(mine.get("code")).isEqualTo(elsewhere.get("code"));
        ApiClient.Reply refused = villageInstaller.post("/api/v1/points", mine);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).doesNotContain("already registered").doesNotContain("510122001002");
        Map<String, Object> serial = SmallCounty.device("510122001002", "BARRIER_GATE", "141", 404, "u", "pw", "SN-404");
        assertThat(admin.post("/api/v1/points", serial).status()).isEqualTo(201);
        ApiClient.Reply serialTaken = villageInstaller.post("/api/v1/points", SmallCounty.device(
                SmallCounty.VILLAGE_1_1, "BARRIER_GATE", "141", 405, "u", "pw", "SN-404"));
        assertThat(serialTaken.status()).isEqualTo(409);
        assertThat(serialTaken.text()).doesNotContain((String) serial.get("code"));
        assertThat(admin.delete("/api/v1/points/" + elsewhere.get("code")).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/points/" + serial.get("code")).status()).isEqualTo(204);
    }

    /** #16: an exported registry cannot run as formulas in a spreadsheet, and imports again as it was. */
    @Test
    void exportsTheCallersPointsAsFormulaSafeCsvThatImportsBack() {
        Map<String, Object> camera = SmallCounty.camera(SmallCounty.VILLAGE_1_1, 406);
        camera.put("name", "=cmd|' /C calc'!A0");
        assertThat(admin.post("/api/v1/points", camera).status()).isEqualTo(201);
        ApiClient.Reply export = village.get("/api/v1/points/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(export.text()).startsWith("\uFEFFcode,name,type,region,source,lat,lon,streamUrl")
                .contains("'=cmd|' /C calc'!A0").doesNotContain(",=cmd").doesNotContain("510122002")
                .doesNotContain("password");
        assertThat(export.text().lines().count()).isEqualTo(1 + village.get("/api/v1/points?size=1").json()
                .get("total").asLong());
        assertThat(admin.delete("/api/v1/points/" + camera.get("code")).status()).isEqualTo(204);
        String row = export.text().lines().filter(l -> l.startsWith((String) camera.get("code"))).findFirst()
                .orElseThrow();
        ApiClient.Reply imported = admin.postRaw("/api/v1/points/import", "text/csv", (export.text().lines()
                .findFirst().orElseThrow() + "\n" + row + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(imported.json().get("imported").asInt()).as(imported.text()).isEqualTo(1);
        assertThat(admin.get("/api/v1/points/" + camera.get("code")).json().get("name").asText())
                .isEqualTo("=cmd|' /C calc'!A0");
        assertThat(admin.delete("/api/v1/points/" + camera.get("code")).status()).isEqualTo(204);
    }
}

package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.registry.PointStatus;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;

class RegionApiTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    static ApiClient admin;

    @BeforeAll
    static void start() {
        admin = HUB.admin();
        for (int i = 1; i <= 4; i++) {
            Map<String, Object> camera = SmallCounty.camera(i <= 3 ? SmallCounty.VILLAGE_1_1 : SmallCounty.TOWNSHIP_2, i);
            camera.put("source", i == 1 ? "SKYNET" : "SHARP_EYES");
            admin.post("/api/v1/points", camera);
        }
        HUB.hub().hub().points().updateStatus((String) SmallCounty.camera(SmallCounty.VILLAGE_1_1, 1).get("code"),
                PointStatus.ONLINE, Instant.now());
        HUB.hub().hub().points().updateStatus((String) SmallCounty.camera(SmallCounty.VILLAGE_1_1, 2).get("code"),
                PointStatus.OFFLINE, Instant.now());
    }

    @Test
    void theTreeNestsTownshipsVillagesAndCommunities() {
        JsonNode tree = admin.get("/api/v1/regions").json();
        assertThat(tree).hasSize(1);
        assertThat(tree.get(0).get("code").asText()).isEqualTo(SmallCounty.COUNTY);
        JsonNode townshipOne = tree.get(0).get("children").get(0);
        assertThat(townshipOne.get("name").asText()).isEqualTo("东升街道");
        assertThat(townshipOne.get("children").findValuesAsText("code"))
                .containsExactly(SmallCounty.VILLAGE_1_1, "510122001002", SmallCounty.COMMUNITY_1);
    }

    @Test
    void anOperatorSeesTheTreeFromTheirOwnCenterDown() {
        JsonNode tree = admin.as("town2-op", SmallCounty.PASSWORD).get("/api/v1/regions").json();
        assertThat(tree).hasSize(1);
        assertThat(tree.get(0).get("code").asText()).isEqualTo(SmallCounty.TOWNSHIP_2);
        assertThat(tree.toString()).doesNotContain(SmallCounty.TOWNSHIP_1);
    }

    @Test
    void statsCountPointsOnlineRateBySourceAndType() {
        JsonNode stats = admin.get("/api/v1/regions/" + SmallCounty.TOWNSHIP_1 + "/stats").json();
        assertThat(stats.get("points").asLong()).isEqualTo(3);
        assertThat(stats.get("online").asLong()).isEqualTo(1);
        assertThat(stats.get("offline").asLong()).isEqualTo(1);
        assertThat(stats.get("unknown").asLong()).isEqualTo(1);
        assertThat(stats.get("onlineRate").asDouble()).isEqualTo(0.3333);
        assertThat(stats.at("/bySource/SKYNET/online").asLong()).isEqualTo(1);
        assertThat(stats.at("/bySource/SHARP_EYES/points").asLong()).isEqualTo(2);
        assertThat(stats.at("/byType/CAMERA/points").asLong()).isEqualTo(3);
        assertThat(admin.get("/api/v1/regions/" + SmallCounty.COUNTY + "/stats").json().get("points").asLong())
                .isEqualTo(4);
    }

    @Test
    void statsOutsideTheOperatorsRegionAreNotFound() {
        ApiClient town2 = admin.as("town2-op", SmallCounty.PASSWORD);
        assertThat(town2.get("/api/v1/regions/" + SmallCounty.TOWNSHIP_1 + "/stats").status()).isEqualTo(404);
        assertThat(town2.get("/api/v1/regions/" + SmallCounty.COUNTY + "/stats").status()).isEqualTo(404);
        assertThat(town2.get("/api/v1/regions/" + SmallCounty.TOWNSHIP_2 + "/stats").json().get("points").asLong())
                .isEqualTo(1);
    }

    /** #22: one rule, wherever a reader names a region: outside the scope is not there, like one never registered. */
    @Test
    void aRegionOutsideTheScopeAnswersExactlyLikeOneThatDoesNotExist() {
        ApiClient village = admin.as("village11-op", SmallCounty.PASSWORD);
        String elsewhere = SmallCounty.TOWNSHIP_2;
        String nowhere = "510122009";
        for (String url : java.util.List.of("/api/v1/regions/%s", "/api/v1/regions/%s/stats", "/api/v1/points?region=%s",
                "/api/v1/points/map?region=%s", "/api/v1/points/export?region=%s", "/api/v1/events?region=%s",
                "/api/v1/events/hourly?region=%s")) {
            ApiClient.Reply outside = village.get(String.format(url, elsewhere));
            ApiClient.Reply missing = village.get(String.format(url, nowhere));
            assertThat(outside.status()).as(url).isEqualTo(404);
            assertThat(missing.status()).as(url).isEqualTo(404);
            assertThat(outside.json().get("detail").asText().replace(elsewhere, nowhere)).as(url)
                    .isEqualTo(missing.json().get("detail").asText());
        }
        assertThat(village.get("/api/v1/points?region=" + SmallCounty.VILLAGE_1_1).status()).isEqualTo(200);
        assertThat(village.get("/api/v1/points?region=" + SmallCounty.COUNTY).status())
                .as("a region above one's own narrows to one's own").isEqualTo(200);
    }

    @Test
    void aNewRegionMustExtendItsParentsCodeAndHangUnderTheRightKind() {
        assertThat(post("510122003", "新镇", "TOWNSHIP", SmallCounty.COUNTY).status()).isEqualTo(201);
        ApiClient.Reply badCode = post("510122100001", "错村", "VILLAGE", SmallCounty.TOWNSHIP_1);
        assertThat(badCode.status()).isEqualTo(400);
        assertThat(badCode.json().get("field").asText()).isEqualTo("code");
        assertThat(badCode.json().get("detail").asText()).contains("parent's code 510122001 followed by 3 digits");
        ApiClient.Reply badParent = post("510122001001001", "错村", "VILLAGE", SmallCounty.VILLAGE_1_1);
        assertThat(badParent.json().get("field").asText()).isEqualTo("parent");
        assertThat(post("5101", "x", "COUNTY", null).json().get("detail").asText()).contains("6 digits");
        assertThat(post("510122001001901", "红星小学", "SCHOOL", SmallCounty.VILLAGE_1_1).status()).isEqualTo(201);
        assertThat(post(SmallCounty.TOWNSHIP_1, "重复", "TOWNSHIP", SmallCounty.COUNTY).status()).isEqualTo(409);
        assertThat(post("510122004", "x", "CITY", SmallCounty.COUNTY).json().get("field").asText()).isEqualTo("kind");
        assertThat(admin.as("county-op", SmallCounty.PASSWORD).post("/api/v1/regions",
                Map.of("code", "510122005", "name", "x", "kind", "TOWNSHIP", "parent", SmallCounty.COUNTY)).status())
                .isEqualTo(403);
    }

    private ApiClient.Reply post(String code, String name, String kind, String parent) {
        Map<String, Object> body = new HashMap<>(Map.of("code", code, "name", name, "kind", kind));
        body.put("parent", parent);
        return admin.post("/api/v1/regions", body);
    }
}

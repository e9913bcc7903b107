package org.sharpeyes.hub.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;

/** #17: saved layouts per wall: saved as the wall is, recalled with its points checked again, scoped to the center. */
class WallLayoutsTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    static String first;
    static String second;
    static String third;
    static String townCamera;

    @BeforeAll
    static void points() {
        first = HUB.register(SmallCounty.camera(SmallCounty.VILLAGE_1_1, 41));
        second = HUB.register(SmallCounty.camera(SmallCounty.VILLAGE_1_1, 42));
        third = HUB.register(SmallCounty.camera(SmallCounty.VILLAGE_1_1, 43));
        townCamera = HUB.register(SmallCounty.camera(SmallCounty.TOWNSHIP_1, 44));
    }

    private static String path(long wall, String name) {
        return "/api/v1/walls/" + wall + "/layouts/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    @Test
    void recallsASavedLayoutWithItsPointsAndToursAndKeepsWhatAHigherCenterPushed() {
        ApiClient village = HUB.as("village11-op");
        long wall = village.get("/api/v1/walls").json().get(0).get("id").asLong();
        assertThat(village.put("/api/v1/walls/" + wall + "/layout", Map.of("layout", 9)).status()).isEqualTo(200);
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/1", Map.of("pointCode", first)).status())
                .isEqualTo(200);
        assertThat(village.put("/api/v1/walls/" + wall + "/tiles/2", Map.of("tour", Map.of("points",
                List.of(second, third), "seconds", 10))).status()).isEqualTo(200);
        ApiClient.Reply saved = village.put(path(wall, "夜间 巡查"), Map.of());
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        assertThat(saved.json().get("tiles").asInt()).isEqualTo(2);
        assertThat(village.get("/api/v1/walls/" + wall + "/layouts").json().findValuesAsText("name"))
                .containsExactly("夜间 巡查");

        village.put("/api/v1/walls/" + wall + "/tiles/1", Map.of());
        village.put("/api/v1/walls/" + wall + "/tiles/2", Map.of());
        village.put("/api/v1/walls/" + wall + "/layout", Map.of("layout", 4));
        assertThat(HUB.as("town1-op").post("/api/v1/dispatch/push", Map.of("pointCode", townCamera, "toCenter",
                SmallCounty.VILLAGE_1_1, "tile", 4)).status()).isEqualTo(200);

        ApiClient.Reply recalled = village.post(path(wall, "夜间 巡查") + "/recall", Map.of());
        assertThat(recalled.status()).as(recalled.text()).isEqualTo(200);
        JsonNode arranged = recalled.json().get("wall");
        assertThat(arranged.get("layout").asInt()).isEqualTo(9);
        assertThat(arranged.at("/tiles/0/pointCode").asText()).isEqualTo(first);
        assertThat(arranged.at("/tiles/1/tour/points")).hasSize(2);
        assertThat(arranged.at("/tiles/1/tour/points/1").asText()).isEqualTo(third);
        assertThat(arranged.at("/tiles/3/pointCode").asText()).as("the township's push stays").isEqualTo(townCamera);
        assertThat(recalled.json().get("leftOut")).isEmpty();
        assertThat(HUB.admin().get("/api/v1/audit?action=WALL_RECALLED").json().get("items").findValuesAsText(
                "target")).contains(wall + "/夜间 巡查");

        assertThat(village.put(path(wall, "推送后"), Map.of()).json().get("tiles").asInt())
                .as("a pushed tile is the township's, not saved with the village's layout").isEqualTo(2);
    }

    @Test
    void leavesOutAPointThatIsGoneAndSaysWhich() {
        String gone = HUB.register(SmallCounty.camera(SmallCounty.VILLAGE_1_1, 45));
        ApiClient village = HUB.as("village11-op");
        long wall = village.get("/api/v1/walls").json().get(0).get("id").asLong();
        village.put("/api/v1/walls/" + wall + "/tiles/3", Map.of("pointCode", gone));
        assertThat(village.put(path(wall, "gone"), Map.of()).status()).isEqualTo(200);
        assertThat(HUB.admin().delete("/api/v1/points/" + gone).status()).isEqualTo(204);
        ApiClient.Reply recalled = village.post(path(wall, "gone") + "/recall", Map.of());
        assertThat(recalled.json().get("leftOut")).hasSize(1);
        assertThat(recalled.json().get("leftOut").get(0).asText()).isEqualTo(gone);
        assertThat(recalled.json().at("/wall/tiles/2/pointCode").isMissingNode()
                || recalled.json().at("/wall/tiles/2/pointCode").isNull()).isTrue();
        assertThat(village.delete(path(wall, "gone")).status()).isEqualTo(204);
        assertThat(village.post(path(wall, "gone") + "/recall", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void anotherCenterNeitherSeesNorRecallsAWallsLayouts() {
        ApiClient village = HUB.as("village11-op");
        long wall = village.get("/api/v1/walls").json().get(0).get("id").asLong();
        assertThat(village.put(path(wall, "mine"), Map.of()).status()).isEqualTo(200);
        ApiClient other = HUB.as("town2-op");
        assertThat(other.get("/api/v1/walls/" + wall + "/layouts").status()).isEqualTo(404);
        assertThat(other.post(path(wall, "mine") + "/recall", Map.of()).status()).isEqualTo(404);
        assertThat(other.put(path(wall, "theirs"), Map.of()).status()).isEqualTo(404);
        assertThat(HUB.as("town1-installer").put(path(wall, "x"), Map.of()).status()).isEqualTo(403);
        assertThat(village.put(path(wall, "x".repeat(65)), Map.of()).json().get("field").asText()).isEqualTo("name");
    }
}

package org.sharpeyes.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.TestHub;

class DemoCountyTest {

    @TempDir
    Path dir;

    @Test
    void loadsTheWholeCountyOnceAndItsOperatorsSeeTheirOwnPart() {
        long points;
        try (TestHub hub = TestHub.start(dir, "--demo", "--demo.cameras=false")) {
            DemoCounty.Loaded loaded = hub.hub().demo();
            assertThat(loaded.regions()).isEqualTo(657);
            assertThat(loaded.points()).isBetween(49_000, 50_000);
            assertThat(loaded.logins()).extracting(DemoCounty.Login::username)
                    .containsExactly("county", "township", "village", "installer", "supervisor", "township-supervisor");
            ApiClient county = hub.anonymous().as("county", "sharpeyes");
            JsonNode stats = county.get("/api/v1/regions/510122/stats").json();
            points = stats.get("points").asLong();
            assertThat(points).isEqualTo(loaded.points());
            assertThat(stats.at("/bySource/WISE_EYE/points").asLong()).isEqualTo(45_000);
            assertThat(stats.at("/bySource/SKYNET/points").asLong()).isEqualTo(580);
            ApiClient village = hub.anonymous().as("village", "sharpeyes");
            JsonNode mine = village.get("/api/v1/points?size=1000").json();
            assertThat(mine.get("items").findValuesAsText("region")).allMatch(r -> r.startsWith("510122001001"));
            assertThat(mine.get("total").asLong()).isBetween(50L, 200L);
            JsonNode centers = county.get("/api/v1/centers").json();
            assertThat(centers).hasSize(496);
            assertThat(centers.findValuesAsText("tier")).filteredOn("VILLAGE"::equals).hasSize(462);
            assertThat(county.get("/api/v1/centers/510122001").json().get("name").asText())
                    .isEqualTo("东升街道综治中心");
            assertThat(village.get("/api/v1/centers").json()).hasSize(1);
            assertThat(county.get("/api/v1/points/" + mine.at("/items/0/code").asText()).json().get("streamUrl")
                    .asText()).startsWith("rtsp://127.0.0.1:8654/51012201");
        }
        try (TestHub again = TestHub.start(dir, "--demo", "--demo.cameras=false")) {
            assertThat(again.hub().demo().points()).isZero();
            assertThat(again.hub().demo().logins()).hasSize(6);
            assertThat(again.hub().points().count()).isEqualTo(points);
        }
    }
}

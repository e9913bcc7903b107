package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.ExternalServices;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.hub.testing.TestHub;

/** The whole hub on the machine's PostgreSQL (by {@code db.url}), as a county beyond one H2 file would run it. */
class PostgresHubTest {

    @TempDir
    Path dir;

    @Test
    void registersImportsSearchesAndCountsOnPostgres() throws SQLException {
        ExternalServices.assumePostgres();
        String schema = "hub_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        try (TestHub hub = TestHub.start(dir, "db.url=" + ExternalServices.POSTGRES_URL + "?currentSchema=" + schema,
                "db.username=" + ExternalServices.POSTGRES_USER)) {
            assertThat(hub.hub().describeDatabase()).startsWith("jdbc:postgresql:");
            ApiClient admin = hub.admin();
            SmallCounty.register(admin);
            StringBuilder csv = new StringBuilder(ImportApiTest.HEADER);
            for (int i = 1; i <= 40; i++) {
                csv.append(ImportApiTest.row(i));
            }
            csv.append(ImportApiTest.row(3));
            ApiClient.Reply report = admin.postRaw("/api/v1/points/import", "text/csv",
                    csv.toString().getBytes(StandardCharsets.UTF_8));
            assertThat(report.json().get("imported").asInt()).as(report.text()).isEqualTo(40);
            assertThat(report.json().at("/rejected/0/line").asInt()).isEqualTo(42);
            ApiClient town1 = admin.as("town1-op", SmallCounty.PASSWORD);
            assertThat(town1.get("/api/v1/points?size=15&page=3").json().get("items")).hasSize(10);
            assertThat(town1.get("/api/v1/points?q=路口17").json().get("total").asInt()).isEqualTo(1);
            assertThat(admin.as("town2-op", SmallCounty.PASSWORD).get("/api/v1/points").json().get("total").asInt())
                    .isZero();
            assertThat(town1.get("/api/v1/regions/" + SmallCounty.TOWNSHIP_1 + "/stats").json().get("points").asInt())
                    .isEqualTo(40);
        } finally {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ExternalServices.POSTGRES_URL,
                ExternalServices.POSTGRES_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

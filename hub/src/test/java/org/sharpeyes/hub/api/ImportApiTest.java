package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;

class ImportApiTest {

    static final String HEADER = "code,name,type,region,source,lat,lon,streamUrl,username,password,serial\n";

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    static ApiClient admin;

    @BeforeAll
    static void start() {
        admin = HUB.admin();
    }

    /** A good camera row in township 001 with serial number {@code n}. */
    static String row(int n) {
        return String.format("51012201011320%06d,路口%d,CAMERA,510122001,SHARP_EYES,30.5,103.9,rtsp://10.0.0.1/%d,"
                + "admin,pw%d,SN-%d%n", n, n, n, n, n);
    }

    private static ApiClient.Reply post(String csv, String query) {
        return postBytes(csv.getBytes(StandardCharsets.UTF_8), query);
    }

    private static ApiClient.Reply postBytes(byte[] csv, String query) {
        return admin.postRaw("/api/v1/points/import" + query, "text/csv", csv);
    }

    private static long count(String q) {
        return admin.get("/api/v1/points?q=" + q).json().get("total").asLong();
    }

    @Test
    void importsGoodRowsAndReportsEachBadOneByLineAndField() {
        String csv = HEADER + row(1000) + row(1001)
                + "51012201011410001002,闸,CAMERA,510122001,SHARP_EYES,30.5,103.9,,,,\n"
                + row(1003)
                + "51012201011320001004,,CAMERA,510122001,SHARP_EYES,30.5,103.9,,,,\n"
                + "51012201011320001005,x,CAMERA,510122001,SHARP_EYES,91,103.9,,,,\n"
                + "51012201011320001006,x,CAMERA,510122099,SHARP_EYES,30.5,103.9,,,,\n"
                + row(1001)
                + "51012201011320001008,x,CAMERA,510122001,SHARP_EYES,30.5,103.9,,,,SN-1000\n";
        ApiClient.Reply reply = post(csv, "");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("imported").asInt()).isEqualTo(3);
        assertThat(body.get("rows").asInt()).isEqualTo(9);
        assertThat(body.get("rejected").findValuesAsText("line")).containsExactly("4", "6", "7", "8", "9", "10");
        assertThat(body.get("rejected").findValuesAsText("field"))
                .containsExactly("code", "name", "lat", "region", "code", "serial");
        assertThat(body.at("/rejected/0/message").asText()).contains("digits 11-13 (141)");
        assertThat(body.at("/rejected/4/message").asText()).contains("appears twice in the file: first on line 3");
        assertThat(body.at("/rejected/5/message").asText()).contains("first on line 2");
        assertThat(count("51012201011320001000")).isEqualTo(1);
    }

    @Test
    void allOrNothingImportsNothingWhenOneRowIsBad() {
        String csv = HEADER + row(2000) + row(2001) + "51012201011320002002,x,CAMERA,510122001,SKY,30.5,103.9,,,,\n";
        ApiClient.Reply reply = post(csv, "?mode=all-or-nothing");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("imported").asInt()).isZero();
        assertThat(reply.json().at("/rejected/0/line").asInt()).isEqualTo(4);
        assertThat(reply.json().at("/rejected/0/field").asText()).isEqualTo("source");
        assertThat(count("5101220101132000200")).isZero();
        ApiClient.Reply good = post(HEADER + row(2000) + row(2001), "?mode=all-or-nothing");
        assertThat(good.json().get("imported").asInt()).isEqualTo(2);
    }

    @Test
    void reportsRowsAlreadyRegistered() {
        post(HEADER + row(3000), "");
        ApiClient.Reply again = post(HEADER + row(3001) + row(3000), "");
        assertThat(again.json().get("imported").asInt()).isEqualTo(1);
        assertThat(again.json().at("/rejected/0/line").asInt()).isEqualTo(3);
        assertThat(again.json().at("/rejected/0/message").asText()).contains("already registered");
    }

    @Test
    void allOrNothingRefusesAFileThatRepeatsARegisteredPoint() {
        post(HEADER + row(3500), "");
        ApiClient.Reply reply = post(HEADER + row(3501) + row(3502) + row(3500), "?mode=all-or-nothing");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("imported").asInt()).isZero();
        assertThat(reply.json().at("/rejected/0/line").asInt()).isEqualTo(4);
        assertThat(reply.json().at("/rejected/0/message").asText()).contains("already registered");
        assertThat(count("5101220101132000350")).isEqualTo(1);
    }

    @Test
    void partialImportSpanningManyChunksKeepsEveryGoodRow() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 12_000; i++) {
            csv.append(row(100_000 + i));
        }
        csv.append(row(100_005));
        ApiClient.Reply reply = post(csv.toString(), "");
        assertThat(reply.json().get("imported").asInt()).isEqualTo(12_000);
        assertThat(reply.json().at("/rejected/0/line").asInt()).isEqualTo(12_002);
        ApiClient.Reply again = post(HEADER + row(200_000) + row(100_007) + row(200_001), "");
        assertThat(again.json().get("imported").asInt()).isEqualTo(2);
        assertThat(again.json().at("/rejected/0/line").asInt()).isEqualTo(3);
    }

    @Test
    void readsExcelsBomQuotedFieldsAndColumnsInAnyOrder() {
        String csv = "\uFEFFname,region,code,type,source,lon,lat,vendor,备注\r\n"
                + "\"东门, 主入口\",510122001,51012201011320004000,摄像机,天网,103.9,30.5,\"HIK \"\"V2\"\"\",x\r\n"
                + "\"跨行\n名称\",510122001,51012201011320004001,CAMERA,SKYNET,103.9,30.5,,\r\n"
                + "bad,510122001,51012201011320004002,CAMERA,SKYNET,x,30.5,,\r\n";
        ApiClient.Reply reply = post(csv, "");
        assertThat(reply.json().get("imported").asInt()).as(reply.text()).isEqualTo(2);
        assertThat(reply.json().at("/rejected/0/line").asInt()).isEqualTo(5);
        assertThat(reply.json().at("/rejected/0/field").asText()).isEqualTo("lon");
        assertThat(reply.json().get("ignoredColumns").findValuesAsText("")).isEmpty();
        assertThat(reply.json().get("ignoredColumns").get(0).asText()).isEqualTo("备注");
        JsonNode point = admin.get("/api/v1/points/51012201011320004000").json();
        assertThat(point.get("name").asText()).isEqualTo("东门, 主入口");
        assertThat(point.get("vendor").asText()).isEqualTo("HIK \"V2\"");
        assertThat(point.get("source").asText()).isEqualTo("SKYNET");
    }

    @Test
    void readsTheUsualChineseColumnHeaders() {
        String csv = "点位编码,点位名称,设备类型,行政区划,来源系统,纬度,经度,取流地址\n"
                + "51012201011320005500,红星村西口,枪机,510122001,雪亮,30.5,103.9,rtsp://10.0.0.9/live\n";
        ApiClient.Reply reply = post(csv, "");
        assertThat(reply.json().get("imported").asInt()).as(reply.text()).isEqualTo(1);
        assertThat(admin.get("/api/v1/points/51012201011320005500").json().get("streamUrl").asText())
                .isEqualTo("rtsp://10.0.0.9/live");
    }

    @Test
    void acceptsGbkFilesFromChineseExcel() {
        String csv = HEADER.replace(",streamUrl,username,password,serial", "")
                + "51012201011320005000,红星村东口,CAMERA,510122001,SHARP_EYES,30.5,103.9\n";
        ApiClient.Reply reply = postBytes(csv.getBytes(Charset.forName("GBK")), "");
        assertThat(reply.json().get("encoding").asText()).isEqualTo("GBK");
        assertThat(reply.json().get("imported").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/v1/points/51012201011320005000").json().get("name").asText()).isEqualTo("红星村东口");
    }

    @Test
    void refusesWholeFileProblemsWithAClearMessage() {
        ApiClient.Reply missing = post("code,name,type\n51012201011320006000,x,CAMERA\n", "");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("header");
        assertThat(missing.json().get("detail").asText()).contains("missing columns region, source, lat, lon");
        assertThat(post("", "").status()).isEqualTo(400);
        assertThat(post("\n\n", "").json().get("detail").asText()).contains("empty");
        assertThat(post(HEADER + row(6001), "?mode=sometimes").json().get("field").asText()).isEqualTo("mode");
        byte[] garbage = {'c', 'o', 'd', 'e', '\n', (byte) 0xFF, (byte) 0xFE, (byte) 0xFF};
        assertThat(postBytes(garbage, "").json().get("detail").asText()).contains("neither UTF-8 nor GBK");
    }

    @Test
    void anInstallerImportsOnlyIntoTheirRegion() {
        ApiClient installer = admin.as("town1-installer", SmallCounty.PASSWORD);
        String csv = HEADER + row(7000) + "51012202011320007001,x,CAMERA,510122002,SHARP_EYES,30.5,103.9,,,,\n";
        ApiClient.Reply reply = installer.postRaw("/api/v1/points/import", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.json().get("imported").asInt()).isEqualTo(1);
        assertThat(reply.json().at("/rejected/0/field").asText()).isEqualTo("region");
        assertThat(reply.json().at("/rejected/0/message").asText()).isEqualTo("no region 510122002 in your region");
        assertThat(admin.as("town1-op", SmallCounty.PASSWORD).postRaw("/api/v1/points/import", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(403);
    }

    @Test
    void countsImportedAndRejectedRowsInMetrics() {
        post(HEADER + row(8000) + "bad\n", "");
        String metrics = HUB.hub().anonymous().get("/metrics").text();
        assertThat(metrics).containsPattern("hub_registry_import_rows_total\\{outcome=\"imported\"\\} [1-9]")
                .containsPattern("hub_registry_import_rows_total\\{outcome=\"rejected\"\\} [1-9]");
    }
}

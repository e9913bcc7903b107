package org.sharpeyes.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PointDraftParserTest {

    private static final RegionTree TREE = new RegionTree(List.of(
            new Region("510122", "演示县", RegionKind.COUNTY, null),
            new Region("510122001", "东升街道", RegionKind.TOWNSHIP, "510122"),
            new Region("510122001001", "红星村", RegionKind.VILLAGE, "510122001")));

    private final PointDraftParser parser = new PointDraftParser(TREE);

    private static Map<String, String> camera() {
        Map<String, String> raw = new HashMap<>();
        raw.put("code", "51012201011320000001");
        raw.put("name", "红星村路口");
        raw.put("type", "CAMERA");
        raw.put("region", "510122001001");
        raw.put("source", "SHARP_EYES");
        raw.put("lat", "30.57");
        raw.put("lon", "103.92");
        return raw;
    }

    @Test
    void parsesAFullRow() {
        Map<String, String> raw = camera();
        raw.put("streamUrl", "rtsp://10.1.2.3:554/Streaming/Channels/101");
        raw.put("vendor", "HIKVISION");
        raw.put("installedAt", "2024-05-01");
        raw.put("serial", "DS-2CD1234");
        PointDraftParser.Result result = parser.parse(raw);
        assertThat(result.errors()).isEmpty();
        assertThat(result.draft()).isEqualTo(new PointDraft("51012201011320000001", "红星村路口", PointType.CAMERA,
                "510122001001", SourceSystem.SHARP_EYES, 30.57, 103.92, "rtsp://10.1.2.3:554/Streaming/Channels/101",
                null, null, null, "HIKVISION", LocalDate.of(2024, 5, 1), "DS-2CD1234"));
    }

    @Test
    void acceptsChineseNamesForTypeAndSource() {
        Map<String, String> raw = camera();
        raw.put("type", "球机");
        raw.put("source", "雪亮");
        assertThat(parser.parse(raw).draft()).extracting(PointDraft::type, PointDraft::source)
                .containsExactly(PointType.PTZ_CAMERA, SourceSystem.SHARP_EYES);
    }

    @Test
    void movesCredentialsOutOfTheStreamUrl() {
        Map<String, String> raw = camera();
        raw.put("streamUrl", "rtsp://admin:p%40ss@10.1.2.3:554/live");
        PointDraft draft = parser.parse(raw).draft();
        assertThat(draft.streamUrl()).isEqualTo("rtsp://10.1.2.3:554/live");
        assertThat(draft.username()).isEqualTo("admin");
        assertThat(draft.password()).isEqualTo("p@ss");
    }

    @ParameterizedTest(name = "installedAt {0}")
    @CsvSource({"2024-05-01", "2024/5/1", "2024.05.01", "20240501", "2024-05-01 08:30:00", "2024-05-01T08:30:00"})
    void readsTheDatesSpreadsheetsWrite(String text) {
        Map<String, String> raw = camera();
        raw.put("installedAt", text);
        assertThat(parser.parse(raw).draft().installedAt()).isEqualTo(LocalDate.of(2024, 5, 1));
    }

    @ParameterizedTest(name = "{0}={1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "name      |                         | is required",
        "type      | DOME                    | 'DOME' is not a point type",
        "region    | 510122009               | region 510122009 is not registered",
        "source    | CCTV                    | 'CCTV' is not a source system",
        "lat       | 95                      | must be between -90 and 90",
        "lon       | east                    | must be a decimal number of degrees",
        "streamUrl | ftp://1.2.3.4/x         | must be an absolute",
        "onvifUrl  | not a url               | is not a valid URL",
        "installedAt | 01/05/24              | must be a date like 2024-05-01"})
    void namesTheFieldAndTheReason(String field, String value, String message) {
        Map<String, String> raw = camera();
        raw.put(field, value == null ? "" : value);
        PointDraftParser.Result result = parser.parse(raw);
        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.message()).contains(message);
        });
    }

    @Test
    void reportsEveryWrongFieldCodeFirst() {
        Map<String, String> raw = camera();
        raw.put("code", "51012301011320000001");
        raw.put("lat", "x");
        List<FieldError> errors = parser.parse(raw).errors();
        assertThat(errors).extracting(FieldError::field).containsExactly("code", "lat");
    }
}

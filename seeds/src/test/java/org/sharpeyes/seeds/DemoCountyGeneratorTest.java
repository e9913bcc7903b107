package org.sharpeyes.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCountyGeneratorTest {

    private static final Path COMMITTED = Path.of(System.getProperty("seeds.dir", "demo-county"));

    @Test
    void committedSeedsAreExactlyWhatTheGeneratorWrites(@TempDir Path dir) throws IOException {
        new DemoCountyGenerator().writeTo(dir);
        for (String file : List.of("regions.csv", "centers.csv", "operators.csv", "points.csv")) {
            assertThat(Files.mismatch(dir.resolve(file), COMMITTED.resolve(file)))
                    .as("%s differs from the generator's output: regenerate them as seeds/README.md says", file)
                    .isEqualTo(-1L);
        }
    }

    @Test
    void countyHasTheReportedShape(@TempDir Path dir) throws IOException {
        new DemoCountyGenerator().writeTo(dir);
        Map<String, Long> kinds = column(dir.resolve("regions.csv"), 2);
        assertThat(kinds).containsEntry("COUNTY", 1L).containsEntry("TOWNSHIP", 33L).containsEntry("VILLAGE", 462L)
                .containsEntry("COMMUNITY", 62L);
        assertThat(column(dir.resolve("centers.csv"), 2).values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(496);
        Map<String, Long> sources = column(dir.resolve("points.csv"), 4);
        assertThat(sources).containsEntry("SKYNET", 580L).containsEntry("SHARP_EYES", 2_940L + 99)
                .containsEntry("DIGITAL_CITY", 219L).containsEntry("EMERGENCY_BROADCAST", 132L)
                .containsEntry("SMART_TRAFFIC", 38L).containsEntry("WISE_EYE", 45_000L);
        Map<String, Long> types = column(dir.resolve("points.csv"), 2);
        assertThat(types.get("CAMERA") + types.get("PTZ_CAMERA")).isBetween(48_000L, 50_000L);
        assertThat(types).containsEntry("ONE_KEY_ALARM", 99L).containsEntry("BARRIER_GATE", 124L)
                .containsEntry("PLATE_RECOGNIZER", 124L).containsEntry("FACE_RECOGNIZER", 124L);
    }

    @Test
    void pointCodesAreUniqueAndStartWithTheCountyCode(@TempDir Path dir) throws IOException {
        new DemoCountyGenerator().writeTo(dir);
        List<String> codes = Files.readAllLines(dir.resolve("points.csv")).stream().skip(1)
                .map(line -> line.substring(0, line.indexOf(','))).toList();
        assertThat(codes).doesNotHaveDuplicates().allMatch(code -> code.matches("510122\\d{14}"));
    }

    @Test
    void sharesAddUpToTheirTotal() {
        int sum = 0;
        for (int i = 0; i < 462; i++) {
            sum += DemoCountyGenerator.share(2_643, 462, i);
        }
        assertThat(sum).isEqualTo(2_643);
    }

    private static Map<String, Long> column(Path file, int index) throws IOException {
        return Files.readAllLines(file).stream().skip(1).map(line -> line.split(",", -1)[index])
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}

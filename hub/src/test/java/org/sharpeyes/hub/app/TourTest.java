package org.sharpeyes.hub.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** #22: the tour's page ({@code docs/tour.md}) and {@code docs/tour.sh} are one text, so what a newcomer pastes is what CI runs. */
class TourTest {

    static final Path TOUR = Path.of("..", "docs", "tour.md");
    static final Path SCRIPT = Path.of("..", "docs", "tour.sh");
    static final String MARK = "# ---- from here on, the code blocks of docs/tour.md";

    @Test
    void theReadmesTourBlocksAreTheScriptLineForLine() throws IOException {
        List<String> readme = tourBlocks(Files.readAllLines(TOUR));
        List<String> script = scriptBody(Files.readAllLines(SCRIPT));
        assertThat(readme).as("the tour's page has code blocks").hasSizeGreaterThan(50);
        assertThat(script).as("docs/tour.sh after its prelude").containsExactlyElementsOf(readme);
    }

    @Test
    void everyFileTheTourSendsIsInTheRepository() throws IOException {
        for (String line : scriptBody(Files.readAllLines(SCRIPT))) {
            int at = line.indexOf("@docs/");
            if (at >= 0) {
                String file = line.substring(at + 1).split("[\\s\"']")[0];
                assertThat(Path.of("..", file)).as(line).isRegularFile();
            }
        }
    }

    @Test
    void theTourUsesNoPlaceholders() throws IOException {
        for (String line : scriptBody(Files.readAllLines(SCRIPT))) {
            String command = line.startsWith("#") ? "" : line.replaceFirst("\\s#\\s.*$", "");
            assertThat(command).as(line).doesNotContain("…").doesNotContain("{id}").doesNotContain("{code}")
                    .doesNotContainPattern("\\{[a-z][A-Za-z]*\\}");
        }
    }

    /** The lines of the page's {@code sh} code blocks. */
    static List<String> tourBlocks(List<String> lines) {
        List<String> blocks = new ArrayList<>();
        boolean inBlock = false;
        for (String line : lines) {
            if (line.equals("```sh")) {
                inBlock = true;
            } else if (inBlock && line.equals("```")) {
                inBlock = false;
            } else if (inBlock) {
                blocks.add(line);
            }
        }
        return blocks;
    }

    static List<String> scriptBody(List<String> lines) {
        int mark = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(MARK)) {
                mark = i;
            }
        }
        assertThat(mark).as("docs/tour.sh marks where the page's blocks begin").isNotNegative();
        return lines.subList(mark + 1, lines.size()).stream().filter(line -> !line.isBlank()).toList();
    }
}

package org.sharpeyes.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.hub.testing.TestHub;
import picocli.CommandLine;

class PointsImportCommandTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    static ApiClient admin;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        admin = HUB.admin();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(new PointsImportCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String row(int n, String region) {
        return String.format("51012201011320%06d,\"路口,%d\",CAMERA,%s,SHARP_EYES,30.5,103.9%n", n, n, region);
    }

    @Test
    void importsInChunksAndReportsRefusedRowsByTheirLineInTheFile() throws IOException {
        StringBuilder csv = new StringBuilder("code,name,type,region,source,lat,lon\n");
        for (int i = 1; i <= 10; i++) {
            csv.append(row(100 + i, i == 8 ? "510122999" : "510122001"));
            if (i == 4) {
                csv.append("\n");
            }
        }
        Path file = dir.resolve("points.csv");
        Files.writeString(file, csv);
        Run run = run(file.toString(), "--server=" + HUB.hub().base(), "--user=admin",
                "--password=" + TestHub.ADMIN_PASSWORD, "--chunk-rows=3");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("line 10 [region]: region 510122999 is not registered");
        assertThat(run.out()).contains("10 rows, 9 imported, 1 refused");
        assertThat(admin.get("/api/v1/points?q=5101220101132000010").json().get("total").asInt()).isEqualTo(8);
    }

    @Test
    void importsAGbkFileAllOrNothing() throws IOException {
        String csv = "code,name,type,region,source,lat,lon\n" + row(201, "510122001") + row(202, "510122001");
        Path file = dir.resolve("gbk.csv");
        Files.write(file, csv.getBytes(Charset.forName("GBK")));
        Run run = run(file.toString(), "--server=" + HUB.hub().base(), "--password=" + TestHub.ADMIN_PASSWORD,
                "--all-or-nothing");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 rows, 2 imported, 0 refused");
        assertThat(admin.get("/api/v1/points/51012201011320000201").json().get("name").asText()).isEqualTo("路口,201");
    }

    @Test
    void failsClearlyOnAWrongPasswordOrServer() throws IOException {
        Path file = dir.resolve("one.csv");
        Files.writeString(file, "code,name,type,region,source,lat,lon\n" + row(301, "510122001"));
        Run wrong = run(file.toString(), "--server=" + HUB.hub().base(), "--password=wrong-password");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("401").contains("wrong username or password");
        Run missing = run(dir.resolve("absent.csv").toString(), "--server=" + HUB.hub().base(), "--password=x");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("absent.csv");
    }
}

package org.sharpeyes.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.sharpeyes.hub.registry.CsvRecordReader;
import org.sharpeyes.hub.registry.InvalidInputException;
import org.sharpeyes.hub.registry.TextDecoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code points import FILE.csv}: uploads an installer's spreadsheet to a running hub in chunks, with a progress bar,
 * then lists every refused row by its line in the file and prints a summary.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import points from a CSV file (UTF-8 or GBK) into a running hub.")
final class PointsImportCommand implements Callable<Integer> {

    static final int SHOWN_REJECTIONS = 200;

    @Parameters(index = "0", paramLabel = "FILE.csv", description = "the point table; header row names the columns")
    Path file;

    @Option(names = "--server", defaultValue = "http://127.0.0.1:8080", description = "the hub (default: ${DEFAULT-VALUE})")
    URI server;

    @Option(names = "--user", defaultValue = "admin", description = "operator to log in as (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password", description = "the operator's password; otherwise HUB_PASSWORD, else asked for")
    String password;

    @Option(names = "--all-or-nothing", description = "import nothing unless every row is good")
    boolean allOrNothing;

    @Option(names = "--chunk-rows", defaultValue = "5000", description = "rows per request (default: ${DEFAULT-VALUE})")
    int chunkRows;

    private final PrintStream out;
    private final PrintStream err;

    PointsImportCommand() {
        this(System.out, System.err);
    }

    PointsImportCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            return run();
        } catch (InvalidInputException e) {
            err.println(file + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("import failed: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("import interrupted");
            return 2;
        }
    }

    private int run() throws IOException, InterruptedException {
        String text = TextDecoding.decode(Files.readAllBytes(file)).text();
        List<CsvRecordReader.CsvRecord> records = new ArrayList<>();
        new CsvRecordReader(text).forEachRemaining(records::add);
        if (records.isEmpty()) {
            err.println(file + ": the file is empty");
            return 2;
        }
        CsvRecordReader.CsvRecord header = records.remove(0);
        String headerText = text.substring(header.start(), header.end()).stripTrailing() + "\n";
        HubClient client = new HubClient(server);
        client.login(user, password());
        int size = allOrNothing ? Math.max(1, records.size()) : Math.max(1, chunkRows);
        int imported = 0;
        List<String> rejections = new ArrayList<>();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Importing").setInitialMax(records.size())
                .setConsumer(new ConsoleProgressBarConsumer(err)).setUnit(" rows", 1).build()) {
            for (int from = 0; from < records.size(); from += size) {
                List<CsvRecordReader.CsvRecord> chunk = records.subList(from, Math.min(records.size(), from + size));
                String body = headerText + text.substring(chunk.get(0).start(), chunk.get(chunk.size() - 1).end());
                JsonNode report = client.importCsv(body, allOrNothing);
                imported += report.path("imported").asInt();
                // The chunk's line 2 is the first record's line in the file.
                int shift = chunk.get(0).line() - 2;
                for (JsonNode rejection : report.path("rejected")) {
                    rejections.add(String.format("line %d%s: %s", rejection.path("line").asInt() + shift,
                            rejection.hasNonNull("field") ? " [" + rejection.get("field").asText() + "]" : "",
                            rejection.path("message").asText()));
                }
                bar.stepBy(chunk.size());
            }
        }
        rejections.stream().limit(SHOWN_REJECTIONS).forEach(err::println);
        if (rejections.size() > SHOWN_REJECTIONS) {
            err.println("... and " + (rejections.size() - SHOWN_REJECTIONS) + " more refused rows");
        }
        if (allOrNothing && !rejections.isEmpty()) {
            imported = 0;
        }
        out.printf("%s: %d rows, %d imported, %d refused%s%n", file, records.size(), imported, rejections.size(),
                allOrNothing && !rejections.isEmpty() ? " (all-or-nothing: nothing imported)" : "");
        return rejections.isEmpty() ? 0 : 1;
    }

    private String password() throws IOException {
        if (password != null) {
            return password;
        }
        String fromEnvironment = System.getenv("HUB_PASSWORD");
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        Console console = System.console();
        if (console == null) {
            throw new IOException("no password: pass --password=… or set HUB_PASSWORD");
        }
        char[] typed = console.readPassword("Password for %s: ", user);
        return typed == null ? "" : new String(typed);
    }
}

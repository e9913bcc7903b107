package org.sharpeyes.hub.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sharpeyes.hub.auth.Operator;
import org.sharpeyes.hub.auth.OperatorStore;
import org.sharpeyes.hub.auth.PasswordHasher;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.registry.CsvRecordReader;
import org.sharpeyes.hub.registry.FieldError;
import org.sharpeyes.hub.registry.ImportMode;
import org.sharpeyes.hub.registry.ImportResult;
import org.sharpeyes.hub.registry.PointImporter;
import org.sharpeyes.hub.registry.Region;
import org.sharpeyes.hub.registry.RegionDirectory;
import org.sharpeyes.hub.registry.RegionKind;
import org.sharpeyes.hub.registry.RegionScope;

/** Loads the demo county from the seeds on the class path into an empty database. */
public final class DemoCounty {

    private static final String SEEDS = "/seeds/demo-county/";

    /** A demo login to print at start. */
    public record Login(String username, String password, String center, Role role) {
    }

    /** What was loaded: the logins, and how many regions and points; zero counts when the database had data. */
    public record Loaded(List<Login> logins, int regions, int points) {
    }

    private final RegionDirectory regions;
    private final PointImporter importer;
    private final OperatorStore operators;
    private final PasswordHasher hasher;

    public DemoCounty(RegionDirectory regions, PointImporter importer, OperatorStore operators, PasswordHasher hasher) {
        this.regions = regions;
        this.importer = importer;
        this.operators = operators;
        this.hasher = hasher;
    }

    /** Loads the county if no region is registered yet; either way returns the demo logins. */
    public Loaded loadIfEmpty() {
        List<Login> logins = logins();
        if (!regions.tree().isEmpty()) {
            return new Loaded(logins.stream().filter(l -> operators.find(l.username()).isPresent()).toList(), 0, 0);
        }
        List<Region> county = new ArrayList<>();
        rows("regions.csv").forEach(f -> county.add(new Region(f.get(0), f.get(1), RegionKind.valueOf(f.get(2)),
                f.get(3).isEmpty() ? null : f.get(3))));
        List<FieldError> errors = regions.addAll(county);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the demo regions do not load: " + errors.get(0));
        }
        ImportResult result = importer.importCsv(resource("points.csv"), ImportMode.ALL_OR_NOTHING, RegionScope.ALL);
        if (!result.rejected().isEmpty()) {
            throw new IllegalStateException("the demo points do not load: " + result.rejected().get(0));
        }
        for (Login login : logins) {
            operators.insert(new Operator(login.username(), login.center(), login.role()), hasher.hash(login.password()));
        }
        return new Loaded(logins, county.size(), result.imported());
    }

    private static List<Login> logins() {
        return rows("operators.csv").stream()
                .map(f -> new Login(f.get(0), f.get(1), f.get(2), Role.valueOf(f.get(3)))).toList();
    }

    /** Gives the demo county's centers their names from centers.csv (a center made by default has "region + 综治中心"). */
    public static void nameCenters(org.sharpeyes.hub.dispatch.CenterDirectory centers) {
        for (List<String> row : rows("centers.csv")) {
            centers.find(row.get(0)).filter(c -> !c.name().equals(row.get(1)))
                    .ifPresent(c -> centers.rename(c.code(), row.get(1)));
        }
    }

    private static List<List<String>> rows(String file) {
        List<List<String>> rows = new ArrayList<>();
        CsvRecordReader reader = new CsvRecordReader(new String(resource(file), StandardCharsets.UTF_8));
        reader.next();
        reader.forEachRemaining(record -> rows.add(record.fields()));
        return rows;
    }

    private static byte[] resource(String file) {
        try (InputStream in = DemoCounty.class.getResourceAsStream(SEEDS + file)) {
            if (in == null) {
                throw new IllegalStateException("the demo seed " + SEEDS + file + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.SmallCounty;

/**
 * Region scope at one door (issue #18): every route the hub registers, called by a township-1 login of a role it
 * admits, refuses a point of township 2 wherever the request names it (path, {@code ?point=}, a body's
 * {@code pointCode}) in the words it uses for a point that does not exist, and refuses the same way the other things
 * its path names from township 2; the same reads naming township 1's own point get past the door.
 */
class RouteScopeTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension("media.connectTimeoutSeconds=1");
    static final Map<Role, ApiClient> TOWN1 = new EnumMap<>(Role.class);
    /** The routes anyone may call: each has a reason to be outside the door's region check. */
    static final Set<String> PUBLIC = Set.of(
            "GET /health", "GET /metrics", "POST /api/v1/auth/login",
            "POST /api/v1/ingest/isapi", "POST /VIID/MotorVehicles", "POST /VIID/Faces");
    static String own;
    static String foreign;
    static String ownWall;
    static String foreignWall;

    @BeforeAll
    static void start() {
        own = HUB.register(SmallCounty.camera(SmallCounty.VILLAGE_1_1, 881));
        foreign = HUB.register(SmallCounty.camera(SmallCounty.VILLAGE_2_1, 882));
        for (Role role : new Role[] {Role.SUPERVISOR, Role.ADMIN}) {
            String name = "town1-" + role.name().toLowerCase();
            ApiClient.Reply made = HUB.admin().post("/api/v1/operators", Map.of("username", name, "password",
                    SmallCounty.PASSWORD, "center", SmallCounty.TOWNSHIP_1, "role", role.name()));
            assertThat(made.status()).as(made.text()).isEqualTo(201);
        }
        TOWN1.put(Role.OPERATOR, HUB.as("town1-op"));
        TOWN1.put(Role.INSTALLER, HUB.as("town1-installer"));
        TOWN1.put(Role.SUPERVISOR, HUB.as("town1-supervisor"));
        TOWN1.put(Role.ADMIN, HUB.as("town1-admin"));
        ownWall = wallOf(TOWN1.get(Role.OPERATOR));
        foreignWall = wallOf(HUB.as("town2-op"));
    }

    private static String wallOf(ApiClient login) {
        var walls = login.get("/api/v1/walls").json();
        if (walls.isEmpty()) {
            return login.post("/api/v1/walls", Map.of("name", "wall")).json().get("id").asText();
        }
        return walls.get(0).get("id").asText();
    }

    private static ApiClient callerFor(Route route) {
        for (Role role : new Role[] {Role.OPERATOR, Role.SUPERVISOR, Role.INSTALLER, Role.ADMIN}) {
            if (route.access().roles().contains(role)) {
                return TOWN1.get(role);
            }
        }
        throw new AssertionError("no role may call " + route.pattern());
    }

    /** The route's path with each parameter naming township 1's own thing, or township 2's for {@code foreignKind}. */
    private static String path(Route route, String point, Touches foreignKind) {
        String path = route.pattern();
        for (var param : route.touches().entrySet()) {
            boolean other = param.getValue() == foreignKind;
            String value = switch (param.getValue()) {
                case POINT -> point;
                case REGION, CENTER -> other ? SmallCounty.TOWNSHIP_2 : SmallCounty.TOWNSHIP_1;
                case WALL -> other ? foreignWall : ownWall;
                case OPERATOR -> other ? "town2-op" : "town1-op";
                case ALARM, EVENT -> "1";
            };
            path = path.replace("{" + param.getKey() + "}", value);
        }
        return path.replaceAll("\\{[^}]+}", "x");
    }

    private static ApiClient.Reply call(ApiClient caller, HttpMethod method, String path, String point) {
        Map<String, Object> body = Map.of("pointCode", point, "name", "x");
        return switch (method.name()) {
            case "GET" -> caller.get(path + "?point=" + point);
            case "DELETE" -> caller.delete(path + "?point=" + point);
            case "POST" -> caller.post(path + "?point=" + point, body);
            case "PUT" -> caller.put(path + "?point=" + point, body);
            case "PATCH" -> caller.patch(path + "?point=" + point, body);
            default -> throw new AssertionError(method);
        };
    }

    private static String name(Route route) {
        return route.method().name() + " " + route.pattern();
    }

    @Test
    void everyRouteRefusesAPointOutsideTheCallersRegionLikeOneThatDoesNotExist() {
        List<String> checked = new ArrayList<>();
        Set<String> open = new TreeSet<>();
        int reads = 0;
        for (Route route : HUB.hub().hub().routes()) {
            if (!route.access().needsLogin()) {
                open.add(name(route));
                continue;
            }
            ApiClient caller = callerFor(route);
            ApiClient.Reply refused = call(caller, route.method(), path(route, foreign, null), foreign);
            assertThat(refused.status()).as(name(route) + ": " + refused.text()).isEqualTo(404);
            assertThat(refused.json().get("detail").asText()).as(name(route))
                    .isEqualTo("no point " + foreign + " in your region");
            if (route.method().equals(HttpMethod.GET)) {
                // The control, for reads only (a write would change what the other routes are called with).
                ApiClient.Reply allowed = call(caller, route.method(), path(route, own, null), own);
                assertThat(allowed.text()).as(name(route) + " lets township 1's own point past the door")
                        .doesNotContain("no point " + own + " in your region");
                reads++;
            }
            checked.add(name(route));
        }
        assertThat(open).as("routes outside the region check").isEqualTo(new TreeSet<>(PUBLIC));
        assertThat(checked).hasSizeGreaterThan(50);
        assertThat(reads).isGreaterThan(20);
    }

    @Test
    void everyRouteRefusesTheOtherThingsItsPathNamesOutsideTheCallersRegion() {
        int checked = 0;
        for (Route route : HUB.hub().hub().routes()) {
            for (Touches kind : route.touches().values()) {
                if (kind == Touches.POINT || kind == Touches.ALARM || kind == Touches.EVENT
                        || !route.access().needsLogin()) {
                    continue;
                }
                ApiClient caller = kind == Touches.OPERATOR ? TOWN1.get(Role.ADMIN) : callerFor(route);
                String path = path(route, own, kind);
                ApiClient.Reply refused = switch (route.method().name()) {
                    case "GET" -> caller.get(path);
                    case "DELETE" -> caller.delete(path);
                    case "POST" -> caller.post(path, Map.of("name", "x"));
                    case "PUT" -> caller.put(path, Map.of("name", "x"));
                    default -> caller.patch(path, Map.of("name", "x"));
                };
                assertThat(refused.status()).as(name(route) + " with " + kind + " of township 2: " + refused.text())
                        .isEqualTo(404);
                assertThat(refused.json().get("detail").asText()).as(name(route)).endsWith(
                        kind == Touches.WALL ? "at your center" : "in your region");
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    @Test
    void aRouteWhoseParameterSaysNotWhatItTouchesCannotBeRegistered() {
        assertThatThrownBy(() -> new Router().get("/api/v1/things/{id}", Access.LOGGED_IN, r -> Reply.ok(Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{id}");
        assertThat(Touches.declared("/api/v1/walls/{id}/tiles/{n}")).isEqualTo(Map.of("id", Touches.WALL));
        assertThat(Touches.declared("/api/v1/points/{code}/presets/{token}")).isEqualTo(Map.of("code", Touches.POINT));
    }

    /** docs/api.md lists exactly the routes the hub registers, so the reference cannot fall behind the code. */
    @Test
    void theApiReferenceListsEveryRouteAndNoOther() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "api.md"));
        List<String> documented = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)` \\|").matcher(page);
        while (row.find()) {
            documented.add(row.group(1) + " " + row.group(2));
        }
        List<String> registered = HUB.hub().hub().routes().stream().map(RouteScopeTest::name).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
    }
}

package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.HubExtension;
import org.sharpeyes.hub.testing.RawHttp;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.hub.testing.TestHub;

class AuthApiTest {

    @RegisterExtension
    static final HubExtension HUB = new HubExtension();
    static ApiClient admin;

    @BeforeAll
    static void start() {
        admin = HUB.admin();
    }

    @Test
    void loginReturnsATokenTheOperatorAndTheCenter() {
        ApiClient.Reply reply = HUB.hub().anonymous().post("/api/v1/auth/login",
                Map.of("username", "town1-op", "password", SmallCounty.PASSWORD));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("token").asText()).hasSizeGreaterThan(30);
        assertThat(reply.json().at("/operator/username").asText()).isEqualTo("town1-op");
        assertThat(reply.json().at("/operator/role").asText()).isEqualTo("OPERATOR");
        assertThat(reply.json().at("/center/code").asText()).isEqualTo(SmallCounty.TOWNSHIP_1);
        assertThat(reply.json().at("/center/name").asText()).isEqualTo("东升街道");
        assertThat(reply.json().get("expiresAt").asText()).contains("T");
    }

    @Test
    void refusesAWrongPasswordAndAnUnknownUserAlike() {
        ApiClient.Reply wrong = HUB.hub().anonymous().post("/api/v1/auth/login",
                Map.of("username", "town1-op", "password", "nope-nope"));
        ApiClient.Reply unknown = HUB.hub().anonymous().post("/api/v1/auth/login",
                Map.of("username", "ghost", "password", "nope-nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        assertThat(wrong.json().get("error").asText()).isEqualTo("unauthorized");
    }

    private static ApiClient.Reply login(String username, String password) {
        return HUB.hub().anonymous().post("/api/v1/auth/login", Map.of("username", username, "password", password));
    }

    /** #16: a name no account has is locked out exactly like one that has, so lock-outs reveal no usernames. */
    @Test
    void anUnknownNameIsLockedOutExactlyLikeAKnownAccount() {
        assertThat(admin.post("/api/v1/operators", Map.of("username", "real-op", "password", SmallCounty.PASSWORD,
                "center", SmallCounty.TOWNSHIP_1, "role", "OPERATOR")).status()).isEqualTo(201);
        for (int i = 0; i < 5; i++) {
            assertThat(login("real-op", "wrong-pw-" + i).status()).isEqualTo(401);
            assertThat(login("nobody-op", "wrong-pw-" + i).status()).isEqualTo(401);
        }
        ApiClient.Reply known = login("real-op", SmallCounty.PASSWORD);
        ApiClient.Reply unknown = login("nobody-op", SmallCounty.PASSWORD);
        assertThat(known.status()).isEqualTo(423);
        assertThat(unknown.status()).isEqualTo(423);
        assertThat(unknown.json().get("error")).isEqualTo(known.json().get("error"));
        assertThat(unknown.json().get("detail").asText().replaceAll("until \\S+;", ""))
                .isEqualTo(known.json().get("detail").asText().replaceAll("until \\S+;", ""));
    }

    /** #16: guesses from one address lock the hub-wide administrator out there only, not from everywhere. */
    @Test
    void guessesFromOneAddressDoNotLockTheHubWideAdministratorOutElsewhere() {
        int port = HUB.hub().hub().httpPort();
        for (int i = 0; i < 5; i++) {
            assertThat(RawHttp.post("127.0.0.2", port, "/api/v1/auth/login", Map.of(),
                    "{\"username\":\"admin\",\"password\":\"guess-" + i + "\"}").status()).isEqualTo(401);
        }
        assertThat(RawHttp.post("127.0.0.2", port, "/api/v1/auth/login", Map.of(), "{\"username\":\"admin\","
                + "\"password\":\"" + TestHub.ADMIN_PASSWORD + "\"}").status()).as("the guessing address").isEqualTo(423);
        assertThat(login("admin", TestHub.ADMIN_PASSWORD).status()).as("the administrator's own").isEqualTo(200);
    }

    @Test
    void everyRouteButLoginHealthAndMetricsNeedsAToken() {
        ApiClient anonymous = HUB.hub().anonymous();
        for (String path : new String[] {"/api/v1/points", "/api/v1/regions", "/api/v1/operators",
                "/api/v1/points/51012201011320000001", "/api/v1/regions/510122/stats", "/api/v1/auth/me"}) {
            ApiClient.Reply reply = anonymous.get(path);
            assertThat(reply.status()).as(path).isEqualTo(401);
            assertThat(reply.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        }
        assertThat(anonymous.post("/api/v1/points", Map.of()).status()).isEqualTo(401);
        assertThat(new ApiClient(HUB.hub().base(), "forged-token").get("/api/v1/points").status()).isEqualTo(401);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/metrics").status()).isEqualTo(200);
    }

    @Test
    void acceptsTheTokenAsAQueryParameterToo() {
        ApiClient op = admin.as("county-op", SmallCounty.PASSWORD);
        assertThat(HUB.hub().anonymous().get("/api/v1/auth/me?token=" + op.token()).json().at("/operator/username")
                .asText()).isEqualTo("county-op");
    }

    @Test
    void tellsEachLoginWhatItsRoleMayDoAsTheRoutesDecide() {
        java.util.List<String> operator = new java.util.ArrayList<>();
        admin.as("county-op", SmallCounty.PASSWORD).get("/api/v1/auth/me").json().get("may")
                .forEach(node -> operator.add(node.asText()));
        assertThat(operator).containsExactly("dispatch", "ptz", "alarms", "openGate");
        java.util.List<String> installer = new java.util.ArrayList<>();
        admin.as("town1-installer", SmallCounty.PASSWORD).get("/api/v1/auth/me").json().get("may")
                .forEach(node -> installer.add(node.asText()));
        assertThat(installer).containsExactly("editPoints", "importPoints");
        java.util.List<String> hubAdmin = new java.util.ArrayList<>();
        admin.get("/api/v1/auth/me").json().get("may").forEach(node -> hubAdmin.add(node.asText()));
        assertThat(hubAdmin).contains("audit", "operators", "editLinks", "deadLetters", "editPoints");
    }

    @Test
    void logoutEndsTheSession() {
        ApiClient op = admin.as("town2-op", SmallCounty.PASSWORD);
        assertThat(op.post("/api/v1/auth/logout", Map.of()).status()).isEqualTo(204);
        assertThat(op.get("/api/v1/auth/me").status()).isEqualTo(401);
    }

    @Test
    void onlyAdminsManageOperators() {
        ApiClient op = admin.as("county-op", SmallCounty.PASSWORD);
        ApiClient.Reply list = op.get("/api/v1/operators");
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.json().get("detail").asText()).contains("ADMIN");
        assertThat(op.post("/api/v1/operators", Map.of("username", "x1", "password", "long-enough",
                "center", SmallCounty.COUNTY, "role", "ADMIN")).status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/operators").json().findValuesAsText("username"))
                .contains("admin", "county-op", "town1-op");
    }

    @Test
    void createOperatorChecksEveryField() {
        assertThat(admin.post("/api/v1/operators", Map.of("username", "a b", "password", "long-enough",
                "center", SmallCounty.COUNTY)).json().get("field").asText()).isEqualTo("username");
        assertThat(admin.post("/api/v1/operators", Map.of("username", "shorty", "password", "short",
                "center", SmallCounty.COUNTY)).json().get("field").asText()).isEqualTo("password");
        assertThat(admin.post("/api/v1/operators", Map.of("username", "nowhere", "password", "long-enough",
                "center", "510199")).json().get("field").asText()).isEqualTo("center");
        assertThat(admin.post("/api/v1/operators", Map.of("username", "incommunity", "password", "long-enough",
                "center", SmallCounty.COMMUNITY_1)).json().get("detail").asText()).contains("centers sit at");
        assertThat(admin.post("/api/v1/operators", Map.of("username", "badrole", "password", "long-enough",
                "center", SmallCounty.COUNTY, "role", "KING")).json().get("field").asText()).isEqualTo("role");
        assertThat(admin.post("/api/v1/operators", Map.of("username", "county-op", "password", "long-enough",
                "center", SmallCounty.COUNTY)).status()).isEqualTo(409);
    }

    @Test
    void changingAPasswordNeedsTheOldOneAndRevokesSessions() {
        admin.post("/api/v1/operators", Map.of("username", "changer", "password", "first-pass",
                "center", SmallCounty.VILLAGE_1_1, "role", "OPERATOR"));
        ApiClient self = HUB.hub().anonymous().as("changer", "first-pass");
        assertThat(self.put("/api/v1/operators/changer/password", Map.of("password", "second-pass",
                "currentPassword", "wrong-one")).status()).isEqualTo(400);
        assertThat(self.put("/api/v1/operators/changer/password", Map.of("password", "second-pass",
                "currentPassword", "first-pass")).status()).isEqualTo(204);
        assertThat(self.get("/api/v1/auth/me").status()).isEqualTo(401);
        ApiClient again = HUB.hub().anonymous().as("changer", "second-pass");
        assertThat(again.put("/api/v1/operators/county-op/password", Map.of("password", "hijacked-1")).status())
                .isEqualTo(403);
        assertThat(admin.put("/api/v1/operators/changer/password", Map.of("password", "third-pass")).status())
                .isEqualTo(204);
        assertThat(HUB.hub().anonymous().post("/api/v1/auth/login", Map.of("username", "changer", "password",
                "third-pass")).status()).isEqualTo(200);
    }

    @Test
    void aTownshipAdminManagesOnlyOperatorsInItsTownship() {
        admin.post("/api/v1/operators", Map.of("username", "town1-admin", "password", "admin-pass-1",
                "center", SmallCounty.TOWNSHIP_1, "role", "ADMIN"));
        ApiClient townAdmin = HUB.hub().anonymous().as("town1-admin", "admin-pass-1");
        assertThat(townAdmin.get("/api/v1/operators").json().findValuesAsText("username"))
                .contains("town1-op", "village11-op").doesNotContain("town2-op", "county-op", "admin");
        assertThat(townAdmin.post("/api/v1/operators", Map.of("username", "t2-new", "password", "long-enough",
                "center", SmallCounty.TOWNSHIP_2)).status()).isEqualTo(400);
        assertThat(townAdmin.put("/api/v1/operators/town2-op/password", Map.of("password", "hijacked-1")).status())
                .isEqualTo(404);
        assertThat(townAdmin.post("/api/v1/operators", Map.of("username", "v11-new", "password", "long-enough",
                "center", SmallCounty.VILLAGE_1_1)).status()).isEqualTo(201);
    }

    @Test
    void anAdminMovesAndRemovesOperatorsInTheirRegionAndTheirSessionsEnd() {
        assertThat(admin.post("/api/v1/operators", Map.of("username", "mover", "password", "mover-pass-1",
                "center", SmallCounty.VILLAGE_1_1)).status()).isEqualTo(201);
        ApiClient mover = HUB.hub().anonymous().as("mover", "mover-pass-1");
        ApiClient.Reply moved = admin.put("/api/v1/operators/mover", Map.of("center", SmallCounty.TOWNSHIP_1,
                "role", "SUPERVISOR"));
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        assertThat(mover.get("/api/v1/auth/me").status()).as("the old scope's token is revoked").isEqualTo(401);
        ApiClient again = HUB.hub().anonymous().as("mover", "mover-pass-1");
        assertThat(again.get("/api/v1/auth/me").json().at("/operator/role").asText()).isEqualTo("SUPERVISOR");
        assertThat(admin.put("/api/v1/operators/mover", Map.of("center", SmallCounty.COMMUNITY_1)).status())
                .as("a community has no center").isEqualTo(400);
        assertThat(admin.put("/api/v1/operators/mover", Map.of("role", "KING")).status()).isEqualTo(400);
        assertThat(HUB.as("town1-op").delete("/api/v1/operators/mover").status()).isEqualTo(403);
        assertThat(admin.delete("/api/v1/operators/admin").status()).isEqualTo(400);
        assertThat(admin.delete("/api/v1/operators/mover").status()).isEqualTo(204);
        assertThat(again.get("/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(admin.delete("/api/v1/operators/mover").status()).isEqualTo(404);
    }
}

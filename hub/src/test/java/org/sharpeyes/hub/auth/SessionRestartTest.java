package org.sharpeyes.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sharpeyes.hub.testing.ApiClient;
import org.sharpeyes.hub.testing.SmallCounty;
import org.sharpeyes.hub.testing.TestHub;
import org.sharpeyes.hub.testing.TestDatabase;

/** #17: an operator on a wall is not thrown out by an upgrade: logins outlive a restart, revocations too. */
class SessionRestartTest {

    @TempDir
    Path dir;

    @Test
    void aLoginOutlivesARestartAndALogoutOrPasswordChangeStaysEnded() {
        String kept;
        String loggedOut;
        String changed;
        try (TestHub hub = TestHub.start(dir)) {
            SmallCounty.register(hub.admin());
            ApiClient village = hub.anonymous().as("village11-op", SmallCounty.PASSWORD);
            kept = village.token();
            loggedOut = hub.anonymous().as("town1-op", SmallCounty.PASSWORD).token();
            assertThat(new ApiClient(hub.base(), loggedOut).post("/api/v1/auth/logout", Map.of()).status())
                    .isEqualTo(204);
            ApiClient town2 = hub.anonymous().as("town2-op", SmallCounty.PASSWORD);
            changed = town2.token();
            assertThat(town2.put("/api/v1/operators/town2-op/password", Map.of("currentPassword",
                    SmallCounty.PASSWORD, "password", "a-new-password-2")).status()).isEqualTo(204);
        }
        try (TestHub again = TestHub.start(dir)) {
            ApiClient.Reply me = new ApiClient(again.base(), kept).get("/api/v1/auth/me");
            assertThat(me.status()).as(me.text()).isEqualTo(200);
            assertThat(me.json().at("/operator/username").asText()).isEqualTo("village11-op");
            assertThat(me.json().at("/center/code").asText()).isEqualTo(SmallCounty.VILLAGE_1_1);
            assertThat(new ApiClient(again.base(), kept).get("/api/v1/regions/" + SmallCounty.TOWNSHIP_2 + "/stats")
                    .status()).as("still only its own region").isIn(403, 404);
            assertThat(new ApiClient(again.base(), loggedOut).get("/api/v1/auth/me").status()).isEqualTo(401);
            assertThat(new ApiClient(again.base(), changed).get("/api/v1/auth/me").status()).isEqualTo(401);
        }
    }

    @Test
    void keepsOnlyTheHashOfATokenAndForgetsExpiredSessions(@TempDir Path dbDir) {
        for (TestDatabase.Kind kind : TestDatabase.Kind.values()) {
            try (TestDatabase db = TestDatabase.open(kind, dbDir.resolve(kind.name()))) {
                JdbcSessionStore store = new JdbcSessionStore(db.database().dataSource());
                java.time.Instant now = java.time.Instant.parse("2026-12-02T08:00:00Z");
                TokenService tokens = new TokenService(java.time.Duration.ofMinutes(30), java.time.Clock.fixed(now,
                        java.time.ZoneOffset.UTC), store);
                TokenService.Session session = tokens.issue(new Operator("town1-op", "510122001", Role.OPERATOR));
                assertThat(store.live(now)).extracting(SessionStore.Kept::id).containsExactly(session.id())
                        .doesNotContain(session.token());
                assertThat(store.live(now.plusSeconds(1800))).isEmpty();
                store.deleteExpired(now.plusSeconds(1800));
                assertThat(store.live(now)).isEmpty();
            }
        }
    }
}

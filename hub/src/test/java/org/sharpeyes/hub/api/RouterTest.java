package org.sharpeyes.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router router = new Router()
            .get("/api/v1/points", Access.LOGGED_IN, r -> Reply.noContent())
            .post("/api/v1/points/import", Access.LOGGED_IN, r -> Reply.noContent())
            .get("/api/v1/points/{code}", Access.LOGGED_IN, r -> Reply.noContent())
            .put("/api/v1/points/{code}", Access.LOGGED_IN, r -> Reply.noContent());

    @Test
    void bindsPathParameters() {
        Router.Match match = router.match(HttpMethod.GET, "/api/v1/points/51012201011320000001");
        assertThat(match.found()).isTrue();
        assertThat(match.params()).containsEntry("code", "51012201011320000001");
    }

    @Test
    void prefersTheLiteralRouteRegisteredFirst() {
        assertThat(router.match(HttpMethod.POST, "/api/v1/points/import").route().pattern())
                .isEqualTo("/api/v1/points/import");
    }

    @Test
    void tellsAWrongMethodFromAnUnknownPath() {
        Router.Match wrongMethod = router.match(HttpMethod.DELETE, "/api/v1/points/x");
        assertThat(wrongMethod.found()).isFalse();
        assertThat(wrongMethod.allowed()).containsExactly(HttpMethod.GET, HttpMethod.PUT);
        Router.Match unknown = router.match(HttpMethod.GET, "/api/v1/pointz");
        assertThat(unknown.found()).isFalse();
        assertThat(unknown.allowed()).isEmpty();
    }

    @Test
    void toleratesTrailingAndDoubledSlashesAndAnswersHeadLikeGet() {
        assertThat(router.match(HttpMethod.GET, "/api/v1/points/").found()).isTrue();
        assertThat(router.match(HttpMethod.GET, "//api//v1/points").found()).isTrue();
        assertThat(router.match(HttpMethod.HEAD, "/api/v1/points").found()).isTrue();
    }
}

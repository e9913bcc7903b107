package org.sharpeyes.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-23T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final TokenService tokens = new TokenService(Duration.ofMinutes(30), clock);
    private final Operator operator = new Operator("town1-op", "510122001", Role.OPERATOR);

    @Test
    void resolvesATokenUntilItExpires() {
        TokenService.Session session = tokens.issue(operator);
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(tokens.resolve(session.token())).map(TokenService.Session::operator).contains(operator);
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(tokens.resolve(session.token())).isEmpty();
    }

    @Test
    void revokesOneTokenOrEveryTokenOfAnOperator() {
        TokenService.Session first = tokens.issue(operator);
        TokenService.Session second = tokens.issue(operator);
        TokenService.Session other = tokens.issue(new Operator("admin", null, Role.ADMIN));
        tokens.revoke(first.token());
        assertThat(tokens.resolve(first.token())).isEmpty();
        assertThat(tokens.resolve(second.token())).isPresent();
        tokens.revokeAll("town1-op");
        assertThat(tokens.resolve(second.token())).isEmpty();
        assertThat(tokens.resolve(other.token())).isPresent();
    }

    @Test
    void neverResolvesAnUnknownOrMissingToken() {
        assertThat(tokens.resolve(null)).isEmpty();
        assertThat(tokens.resolve("guess")).isEmpty();
    }

    @Test
    void issuesUnguessableDistinctTokens() {
        assertThat(tokens.issue(operator).token()).isNotEqualTo(tokens.issue(operator).token()).hasSize(43);
    }
}

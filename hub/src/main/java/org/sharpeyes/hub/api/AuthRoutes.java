package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.sharpeyes.hub.auth.LoginThrottle;
import org.sharpeyes.hub.auth.OperatorStore;
import org.sharpeyes.hub.dispatch.AuditAction;
import org.sharpeyes.hub.dispatch.AuditLog;
import org.sharpeyes.hub.auth.PasswordHasher;
import org.sharpeyes.hub.auth.Role;
import org.sharpeyes.hub.auth.TokenService;
import org.sharpeyes.hub.registry.RegionDirectory;

/** Login (locked for 15 minutes after 5 failures in a row), logout and "who am I"; each audited. */
public final class AuthRoutes {

    /** The login body. */
    public record Login(String username, String password) {
    }

    /** Failed logins in a row that lock an account, and for how long. */
    static final int MAX_FAILURES = 5;
    static final Duration LOCK_OUT = Duration.ofMinutes(15);
    private static final String DECOY = new PasswordHasher().hash("decoy-password-for-unknown-users");

    private final OperatorStore operators;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final RegionDirectory regions;
    private final AuditLog audit;
    private final Clock clock;
    private final LoginThrottle throttle = new LoginThrottle(MAX_FAILURES, LOCK_OUT);
    private Abilities abilities;

    public AuthRoutes(OperatorStore operators, PasswordHasher hasher, TokenService tokens, RegionDirectory regions,
            AuditLog audit, Clock clock) {
        this.operators = operators;
        this.hasher = hasher;
        this.tokens = tokens;
        this.regions = regions;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(Router router) {
        abilities = new Abilities(router);
        router.post("/api/v1/auth/login", Access.PUBLIC, this::login);
        router.post("/api/v1/auth/logout", Access.LOGGED_IN, request -> {
            tokens.end(request.session().id());
            audit.record(request.operator(), AuditAction.LOGOUT, request.operator().username(),
                    request.operator().centerCode(), null);
            return Reply.noContent();
        });
        router.get("/api/v1/auth/me", Access.LOGGED_IN, request -> Reply.ok(sessionView(request.session())));
    }

    private Reply login(Request request) {
        Login login = Json.read(request.body(), Login.class);
        if (login.username() == null || login.username().isBlank()) {
            throw ApiException.badRequest("username", "username is required");
        }
        if (login.password() == null) {
            throw ApiException.badRequest("password", "password is required");
        }
        String username = login.username().strip();
        var stored = operators.find(username);
        // Verify against a throwaway hash for unknown users too, so timing does not reveal which usernames exist.
        String hash = stored.map(OperatorStore.StoredOperator::passwordHash).orElse(DECOY);
        boolean matches = hasher.verify(login.password(), hash);
        Instant now = clock.instant();
        // Failures are counted in memory where the account's own count would say too much or hurt too much: for
        // names no account has (they must answer like real ones), and for a hub-wide administrator per address.
        String memoryKey = stored.isEmpty() ? "name:" + username : hubWide(stored.get())
                ? "admin:" + username + "@" + request.remoteAddress() : null;
        Optional<Instant> locked = memoryKey != null ? throttle.lockedUntil(memoryKey, now)
                : Optional.ofNullable(stored.get().lockedAt(now) ? stored.get().lockedUntil() : null);
        if (locked.isPresent()) {
            String center = stored.map(s -> s.operator().centerCode()).orElse(null);
            audit.record(username, center, AuditAction.LOGIN_FAILED, username, center, "account locked");
            throw new ApiException(HttpResponseStatus.LOCKED, "locked", "this account is locked after "
                    + MAX_FAILURES + " failed logins until " + locked.get()
                    + "; an administrator can lift it by setting a new password", null);
        }
        if (stored.isEmpty() || !matches) {
            if (memoryKey != null) {
                boolean lockedNow = throttle.fail(memoryKey, now);
                if (stored.isPresent()) {
                    audit.record(username, null, lockedNow ? AuditAction.LOCKED_OUT : AuditAction.LOGIN_FAILED,
                            username, null, (lockedNow ? "locked for " + LOCK_OUT.toMinutes() + " min after "
                                    + MAX_FAILURES + " failed logins" : "failed login") + " from "
                                    + request.remoteAddress());
                }
            } else {
                String center = stored.get().operator().centerCode();
                int failures = operators.recordFailedLogin(username, MAX_FAILURES, now.plus(LOCK_OUT));
                audit.record(username, center, failures == 0 ? AuditAction.LOCKED_OUT : AuditAction.LOGIN_FAILED,
                        username, center, failures == 0 ? "locked for " + LOCK_OUT.toMinutes() + " min after "
                                + MAX_FAILURES + " failed logins" : "failed login " + failures);
            }
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "wrong username or password", null);
        }
        if (memoryKey != null) {
            throttle.clear(memoryKey);
        }
        operators.clearFailedLogins(username);
        audit.record(stored.get().operator(), AuditAction.LOGIN, username, stored.get().operator().centerCode(), null);
        return Reply.ok(sessionView(tokens.issue(stored.get().operator())));
    }

    /** The administrator of the whole hub: locking their account out would leave no one to lift locks. */
    private static boolean hubWide(OperatorStore.StoredOperator stored) {
        return stored.operator().centerCode() == null && stored.operator().role() == Role.ADMIN;
    }

    private Map<String, Object> sessionView(TokenService.Session session) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", session.token());
        body.put("expiresAt", session.expiresAt());
        body.put("operator", Views.operator(session.operator()));
        body.put("center", session.operator().centerCode() == null ? null
                : regions.find(session.operator().centerCode()).map(Views::region).orElse(null));
        body.put("may", abilities.of(session.operator().role()));
        return body;
    }
}

package org.sharpeyes.hub.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sharpeyes.hub.auth.OperatorStore;
import org.sharpeyes.hub.auth.PasswordHasher;
import org.sharpeyes.hub.auth.TokenService;
import org.sharpeyes.hub.registry.RegionDirectory;

/** Login, logout and "who am I". */
public final class AuthRoutes {

    /** The login body. */
    public record Login(String username, String password) {
    }

    private static final String DECOY = new PasswordHasher().hash("decoy-password-for-unknown-users");

    private final OperatorStore operators;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final RegionDirectory regions;

    public AuthRoutes(OperatorStore operators, PasswordHasher hasher, TokenService tokens, RegionDirectory regions) {
        this.operators = operators;
        this.hasher = hasher;
        this.tokens = tokens;
        this.regions = regions;
    }

    public void register(Router router) {
        router.post("/api/v1/auth/login", Access.PUBLIC, this::login);
        router.post("/api/v1/auth/logout", Access.LOGGED_IN, request -> {
            tokens.revoke(request.session().token());
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
        var stored = operators.find(login.username().strip());
        // Verify against a throwaway hash for unknown users too, so timing does not reveal which usernames exist.
        String hash = stored.map(OperatorStore.StoredOperator::passwordHash).orElse(DECOY);
        boolean matches = hasher.verify(login.password(), hash);
        if (stored.isEmpty() || !matches) {
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "wrong username or password", null);
        }
        return Reply.ok(sessionView(tokens.issue(stored.get().operator())));
    }

    private Map<String, Object> sessionView(TokenService.Session session) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", session.token());
        body.put("expiresAt", session.expiresAt());
        body.put("operator", Views.operator(session.operator()));
        body.put("center", session.operator().centerCode() == null ? null
                : regions.find(session.operator().centerCode()).map(Views::region).orElse(null));
        return body;
    }
}

package org.sharpeyes.hub.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Issues opaque bearer tokens and resolves them to their operator until they expire. Tokens live in memory: a
 * restart logs everyone out, and a password change revokes that operator's tokens at once.
 */
public final class TokenService {

    /** A live login. */
    public record Session(String token, Operator operator, Instant expiresAt) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<Consumer<Session>> revoked = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration ttl;
    private final Clock clock;

    public TokenService(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    public Session issue(Operator operator) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Session session = new Session(token, operator, clock.instant().plus(ttl));
        sessions.put(token, session);
        return session;
    }

    /** The session a token belongs to, while it has not expired. */
    public Optional<Session> resolve(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session session = sessions.get(token);
        if (session == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(session.expiresAt())) {
            sessions.remove(token, session);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Called with every session that is revoked (not with those that merely expire). */
    public void addRevocationListener(Consumer<Session> listener) {
        revoked.add(listener);
    }

    public void revoke(String token) {
        Session session = sessions.remove(token);
        if (session != null) {
            revoked.forEach(listener -> listener.accept(session));
        }
    }

    /** Ends every session of {@code username}. */
    public void revokeAll(String username) {
        for (Session session : List.copyOf(sessions.values())) {
            if (session.operator().username().equals(username)) {
                revoke(session.token());
            }
        }
    }

    /** Forgets expired sessions; called now and then so abandoned tokens do not pile up. */
    public void purgeExpired() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    }
}

package org.sharpeyes.hub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Issues opaque bearer tokens and resolves them to their operator until they expire. Live sessions are answered from
 * memory (streams and sockets ask on event loops); with a {@link SessionStore} they are also kept by the hash of
 * their token and restored at start, so a restart logs nobody out. A password change revokes that operator's tokens
 * at once.
 */
public final class TokenService {

    /**
     * A live login: its id (the hash of its token), the token itself (only when issued by this process; a restored
     * session knows its hash alone), whose it is and until when.
     */
    public record Session(String id, String token, Operator operator, Instant expiresAt) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<Consumer<Session>> revoked = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration ttl;
    private final Clock clock;
    private final SessionStore store;

    /** Sessions in memory only: a restart ends them. */
    public TokenService(Duration ttl, Clock clock) {
        this(ttl, clock, null);
    }

    /** Sessions kept in {@code store} too; call {@link #restore} once at start. */
    public TokenService(Duration ttl, Clock clock, SessionStore store) {
        this.ttl = ttl;
        this.clock = clock;
        this.store = store;
    }

    /** Takes back the live sessions kept before a restart, for operators {@code operators} still knows. */
    public int restore(Function<String, Optional<Operator>> operators) {
        if (store == null) {
            return 0;
        }
        int restored = 0;
        for (SessionStore.Kept kept : store.live(clock.instant())) {
            Optional<Operator> operator = operators.apply(kept.username());
            if (operator.isPresent()) {
                sessions.put(kept.id(), new Session(kept.id(), null, operator.get(), kept.expiresAt()));
                restored++;
            } else {
                store.delete(kept.id());
            }
        }
        return restored;
    }

    public Session issue(Operator operator) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Session session = new Session(idOf(token), token, operator, clock.instant().plus(ttl));
        if (store != null) {
            store.save(new SessionStore.Kept(session.id(), operator.username(), session.expiresAt()));
        }
        sessions.put(session.id(), session);
        return session;
    }

    /** The session a token belongs to, while it has not expired. */
    public Optional<Session> resolve(String token) {
        if (token == null) {
            return Optional.empty();
        }
        return live(idOf(token));
    }

    /** The session of this id, while it has not expired. */
    public Optional<Session> live(String id) {
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(session.expiresAt())) {
            sessions.remove(id, session);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Called with every session that is revoked (not with those that merely expire). */
    public void addRevocationListener(Consumer<Session> listener) {
        revoked.add(listener);
    }

    public void revoke(String token) {
        if (token != null) {
            end(idOf(token));
        }
    }

    /** Ends the session of this id. */
    public void end(String id) {
        Session session = sessions.remove(id);
        if (store != null) {
            store.delete(id);
        }
        if (session != null) {
            revoked.forEach(listener -> listener.accept(session));
        }
    }

    /** Ends every session of {@code username}. */
    public void revokeAll(String username) {
        for (Session session : List.copyOf(sessions.values())) {
            if (session.operator().username().equals(username)) {
                end(session.id());
            }
        }
    }

    /** Forgets expired sessions; called now and then so abandoned tokens do not pile up. */
    public void purgeExpired() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
        if (store != null) {
            store.deleteExpired(now);
        }
    }

    private static String idOf(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

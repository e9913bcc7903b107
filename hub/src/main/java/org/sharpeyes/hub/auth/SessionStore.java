package org.sharpeyes.hub.auth;

import java.time.Instant;
import java.util.List;

/** Where logins outlive the hub process: each kept by the hash of its token, never the token itself. */
public interface SessionStore {

    /** A kept login: the hash of its token, whose it is, and until when. */
    record Kept(String id, String username, Instant expiresAt) {
    }

    void save(Kept session);

    void delete(String id);

    /** Forgets the sessions that expired before {@code now}. */
    void deleteExpired(Instant now);

    /** The sessions that are still live at {@code now}. */
    List<Kept> live(Instant now);
}

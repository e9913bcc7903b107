package org.sharpeyes.hub.auth;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-lived connections each login holds (streams and WebSockets), so that rights which lapse take effect on
 * them at once: a revoked login (logout, password change, operator moved or removed) closes all of its channels, and
 * a stream whose point the operator may no longer see (a pushed point taken off the wall) is closed when the hub
 * re-checks them.
 */
public final class OpenChannels {

    private static final Logger LOG = LoggerFactory.getLogger(OpenChannels.class);

    /** One open channel: whose login holds it, and the point it streams (null for a WebSocket of notices). */
    public record Entry(String sessionId, Operator operator, String pointCode, String regionCode, Channel channel) {
    }

    private final Set<Entry> entries = ConcurrentHashMap.newKeySet();
    private final TokenService tokens;

    public OpenChannels(TokenService tokens) {
        this.tokens = tokens;
        tokens.addRevocationListener(session -> closeWhere(entry -> entry.sessionId().equals(session.id()),
                "login ended"));
    }

    /**
     * Holds {@code channel} for {@code session} until it closes; a login revoked meanwhile closes it at once. The
     * point is null for a channel that streams no point.
     */
    public void add(TokenService.Session session, String pointCode, String regionCode, Channel channel) {
        Entry entry = new Entry(session.id(), session.operator(), pointCode, regionCode, channel);
        entries.add(entry);
        channel.closeFuture().addListener(closed -> entries.remove(entry));
        if (tokens.live(session.id()).isEmpty()) {
            close(entry, "login ended");
        }
    }

    /** Closes the point streams of {@code centerCode}'s operators that {@code stillAllowed} no longer allows. */
    public void recheck(String centerCode, Predicate<Entry> stillAllowed) {
        closeWhere(entry -> entry.pointCode() != null && centerCode.equals(entry.operator().centerCode())
                && !stillAllowed.test(entry), "no longer in scope");
    }

    /** How many channels are open now. */
    public int size() {
        return entries.size();
    }

    private void closeWhere(Predicate<Entry> which, String why) {
        for (Entry entry : entries) {
            if (which.test(entry)) {
                close(entry, why);
            }
        }
    }

    private void close(Entry entry, String why) {
        entries.remove(entry);
        LOG.info("closing {}'s {} ({})", entry.operator().username(), entry.pointCode() == null ? "socket"
                : "stream of " + entry.pointCode(), why);
        entry.channel().close();
    }
}

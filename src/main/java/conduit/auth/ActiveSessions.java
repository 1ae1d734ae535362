package conduit.auth;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an access token's session is still active. A JWT stays valid until it expires; its session may
 * have been logged out, revoked for refresh-token reuse, or deleted with its user. A session confirmed
 * active is remembered briefly ({@code conduit.sessions.check-interval}, 5 s by default), so a signed-in
 * request costs no extra query in the common case. A revoked session is forgotten at once on this instance
 * and, through NOTIFY ({@link SessionEvictions}), on every other; the interval bounds how long an instance
 * that missed the notification keeps trusting it.
 */
@Singleton
class ActiveSessions {

    private static final int MAX_REMEMBERED = 100_000;

    private record Confirmed(long userId, long untilNanos) { }

    private final SessionQueries queries;
    private final long rememberNanos;
    private final Map<UUID, Confirmed> confirmed = new ConcurrentHashMap<>();

    ActiveSessions(SessionQueries queries, @Value("${conduit.sessions.check-interval}") Duration checkInterval) {
        this.queries = queries;
        this.rememberNanos = checkInterval.toNanos();
    }

    boolean isActive(UUID sessionId, long userId) {
        long now = System.nanoTime();
        Confirmed known = confirmed.get(sessionId);
        if (known != null && known.untilNanos() - now > 0) {
            return known.userId() == userId;
        }
        var owner = queries.activeUser(sessionId);
        if (owner.isEmpty()) {
            confirmed.remove(sessionId);
            return false;
        }
        if (rememberNanos > 0) {
            if (confirmed.size() >= MAX_REMEMBERED) {
                confirmed.clear();
            }
            confirmed.put(sessionId, new Confirmed(owner.get(), now + rememberNanos));
        }
        return owner.get() == userId;
    }

    void forget(UUID sessionId) {
        confirmed.remove(sessionId);
    }
}

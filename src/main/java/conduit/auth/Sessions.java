package conduit.auth;

import conduit.system.Problem;
import conduit.system.OpaqueTokens;
import conduit.system.UnauthenticatedException;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The session lifecycle. Registration and login {@link #start} a session: a short-lived access JWT naming it
 * plus a refresh token. {@link #refresh} spends the refresh token for a new pair; presenting a spent one
 * revokes the session, since only a copy (a thief's, or the owner's after a thief's refresh) can be spent
 * twice. The one exception is a retry: within the reuse interval, and only while the session has not moved on
 * (no later refresh token spent), a spent token gets another new pair, so a refresh whose answer was lost on the
 * network does not log its user out. Logout revokes one session, logout-all and a password change revoke them all.
 */
@Singleton
public class Sessions {

    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final Problem REFUSED = new Problem("refreshToken", "is invalid or expired");
    /** Ours are 43 characters; anything much longer is refused before hashing. */
    private static final int REFRESH_TOKEN_MAX_LENGTH = 128;

    /** A new access token and refresh token, to return to the client. */
    public record Issued(String token, String refreshToken) {
    }

    private final SessionQueries queries;
    private final ActiveSessions active;
    private final TokenIssuer tokens;
    private final Duration refreshTtl;
    private final Duration accessTtl;
    private final Duration reuseInterval;

    Sessions(SessionQueries queries, ActiveSessions active, TokenIssuer tokens,
             @Value("${conduit.sessions.refresh-token-ttl}") Duration refreshTtl,
             @Value("${conduit.jwt.ttl-seconds}") long accessTtlSeconds,
             @Value("${conduit.sessions.refresh-reuse-interval}") Duration reuseInterval) {
        this.queries = queries;
        this.active = active;
        this.tokens = tokens;
        this.refreshTtl = refreshTtl;
        this.accessTtl = Duration.ofSeconds(accessTtlSeconds);
        this.reuseInterval = reuseInterval;
    }

    /** Starts a session for a user who just proved who they are. Joins the caller's transaction, if any. */
    public Issued start(long userId) {
        UUID sessionId = UUID.randomUUID();
        String refreshToken = OpaqueTokens.generate();
        queries.create(sessionId, userId, OpaqueTokens.hash(refreshToken), Instant.now().plus(refreshTtl));
        return new Issued(tokens.issueFor(userId, sessionId), refreshToken);
    }

    /** The user id and new token pair for a current refresh token; 401 for any other. */
    public Refreshed refresh(String refreshToken) {
        if (refreshToken.isEmpty() || refreshToken.length() > REFRESH_TOKEN_MAX_LENGTH) {
            throw new UnauthenticatedException(REFUSED);
        }
        String successor = OpaqueTokens.generate();
        var rotation = queries.rotate(OpaqueTokens.hash(refreshToken), OpaqueTokens.hash(successor),
                Instant.now().plus(refreshTtl), reuseInterval);
        if (rotation instanceof SessionQueries.Rotation.Rotated rotated) {
            return new Refreshed(rotated.userId(),
                    new Issued(tokens.issueFor(rotated.userId(), rotated.sessionId()), successor));
        }
        if (rotation instanceof SessionQueries.Rotation.Reused reused) {
            active.forget(reused.sessionId());
            LOG.warn("refresh token reused: session {} of user {} revoked", reused.sessionId(), reused.userId());
        }
        throw new UnauthenticatedException(REFUSED);
    }

    /** A refreshed session's user and tokens. */
    public record Refreshed(long userId, Issued issued) {
    }

    /**
     * Fails unless the session is active right now, reading the database (not the short-lived cache). Call it
     * with the user's row locked, so a concurrent password change that ends the session has either committed
     * (401 here) or not begun.
     */
    public void requireStillActive(UUID sessionId, long userId) {
        if (!queries.activeUser(sessionId).map(owner -> owner == userId).orElse(false)) {
            active.forget(sessionId);
            throw UnauthenticatedException.token(TokenProblems.REVOKED);
        }
    }

    /** Logs one session out; false if it was not active. */
    public boolean logout(UUID sessionId) {
        boolean revoked = queries.revoke(sessionId, "logout");
        active.forget(sessionId);
        return revoked;
    }

    /** Logs out every session of a user. */
    public void logoutEverywhere(long userId) {
        queries.revokeAll(userId, "logout-all").forEach(active::forget);
    }

    /**
     * After a password change: every session of the user ends, and the caller gets a new one. Call it in the
     * transaction that stores the new password, so neither happens without the other.
     */
    public Issued restartAfterPasswordChange(long userId) {
        queries.revokeAll(userId, "password-change").forEach(active::forget);
        return start(userId);
    }

    /** Hourly: removes expired refresh tokens and sessions that can no longer be used. Harmless on every instance. */
    @Scheduled(fixedDelay = "1h", initialDelay = "5m")
    void purge() {
        Duration keep = accessTtl.compareTo(Duration.ofDays(1)) > 0 ? accessTtl : Duration.ofDays(1);
        int removed = queries.purge(Instant.now().minus(keep));
        if (removed > 0) {
            LOG.info("removed {} expired sessions and refresh tokens", removed);
        }
    }
}

package conduit.auth;

import conduit.pubsub.Publisher;
import conduit.database.Sql;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The session feature's SQL: the sessions and refresh-token tables (V9). Every method is one transaction, or joins
 * the caller's: {@link Sessions} and {@link ActiveSessions} call these as their units of work.
 */
@Singleton
class SessionQueries {

    /** What presenting a refresh token did. */
    sealed interface Rotation {
        /** The token was current: it is spent now, and its successor is stored. */
        record Rotated(UUID sessionId, long userId) implements Rotation { }
        /**
         * The token was already spent, and the session has moved on since (or the reuse interval is over): the
         * session is revoked now (theft detection).
         */
        record Reused(UUID sessionId, long userId) implements Rotation { }
        /** Unknown, expired, or of a session that is no longer active: nothing changed. */
        record Refused() implements Rotation { }
    }

    private final Sql sql;
    private final Publisher publisher;

    SessionQueries(Sql sql, Publisher publisher) {
        this.sql = sql;
        this.publisher = publisher;
    }

    @Transactional
    void create(UUID sessionId, long userId, byte[] refreshHash, Instant refreshExpiresAt) {
        sql.update("INSERT INTO sessions (id, user_id) VALUES (?, ?)", sessionId, userId);
        insertRefreshToken(sessionId, refreshHash, refreshExpiresAt);
    }

    /**
     * Spends a refresh token and stores its successor, in one transaction. The token's row is locked first,
     * so of two concurrent refreshes with one token the second sees it spent. Presenting a spent token again
     * within {@code reuseInterval}, while no later token of the session was spent, is a retry and gets a
     * successor too; any other reuse revokes the session and commits that, although the caller answers 401.
     */
    @Transactional
    Rotation rotate(byte[] presentedHash, byte[] successorHash, Instant successorExpiresAt, Duration reuseInterval) {
        record Found(UUID sessionId, long userId, Instant expiresAt, boolean spent, boolean retry, boolean revoked) { }
        // "retry": spent within the reuse interval, and no token of the session was spent after it, so the
        // session has not moved on: the answer to the first refresh was lost (or two refreshes raced).
        Optional<Found> found = sql.first("""
                SELECT rt.session_id, s.user_id, rt.expires_at, rt.spent_at IS NOT NULL,
                       rt.spent_at > now() - make_interval(secs => ?)
                           AND NOT EXISTS (SELECT 1 FROM refresh_tokens later
                                           WHERE later.session_id = rt.session_id AND later.spent_at > rt.spent_at),
                       s.revoked_at IS NOT NULL
                FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id
                WHERE rt.token_hash = ?
                FOR UPDATE OF rt, s""", row -> new Found(row.getObject(1, UUID.class), row.getLong(2),
                row.getTimestamp(3).toInstant(), row.getBoolean(4), row.getBoolean(5), row.getBoolean(6)),
                reuseInterval.toMillis() / 1000.0, presentedHash);
        if (found.isEmpty() || found.get().revoked()) {
            return new Rotation.Refused();
        }
        Found token = found.get();
        if (token.spent() && !token.retry()) {
            revoke(token.sessionId(), "refresh-token-reuse");
            return new Rotation.Reused(token.sessionId(), token.userId());
        }
        if (token.spent()) {
            // A retry: a second successor, beside the first (which the client may or may not have received).
            sql.update("UPDATE sessions SET refreshed_at = now() WHERE id = ?", token.sessionId());
            insertRefreshToken(token.sessionId(), successorHash, successorExpiresAt);
            return new Rotation.Rotated(token.sessionId(), token.userId());
        }
        if (!token.expiresAt().isAfter(Instant.now())) {
            return new Rotation.Refused();
        }
        sql.update("UPDATE refresh_tokens SET spent_at = now() WHERE token_hash = ?", presentedHash);
        sql.update("UPDATE sessions SET refreshed_at = now() WHERE id = ?", token.sessionId());
        insertRefreshToken(token.sessionId(), successorHash, successorExpiresAt);
        return new Rotation.Rotated(token.sessionId(), token.userId());
    }

    /**
     * Revokes one session; false if it was not active (already revoked, or unknown). Every instance hears of
     * it ({@link SessionEvictions}) when the transaction commits.
     */
    @Transactional
    boolean revoke(UUID sessionId, String reason) {
        return !revoked("""
                UPDATE sessions SET revoked_at = now(), revoked_reason = ? WHERE id = ? AND revoked_at IS NULL
                RETURNING id""", reason, sessionId).isEmpty();
    }

    /** Revokes every active session of a user; returns their ids. Every instance hears of each. */
    @Transactional
    List<UUID> revokeAll(long userId, String reason) {
        return revoked("""
                UPDATE sessions SET revoked_at = now(), revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL
                RETURNING id""", reason, userId);
    }

    private List<UUID> revoked(String statement, String reason, Object target) {
        List<UUID> ids = sql.list(statement, row -> row.getObject(1, UUID.class), reason, target);
        publisher.publish(SessionEvictions.CHANNEL, ids.stream().map(UUID::toString).toList());
        return ids;
    }

    /** The user of an active session, if it is active. */
    @Transactional(readOnly = true)
    Optional<Long> activeUser(UUID sessionId) {
        return sql.first("SELECT user_id FROM sessions WHERE id = ? AND revoked_at IS NULL", row -> row.getLong(1),
                sessionId);
    }

    /**
     * Removes what can never be used again: expired refresh tokens, and sessions revoked, or without a live
     * refresh token, for longer than an access token lives. Returns the number of rows removed.
     */
    @Transactional
    int purge(Instant sessionsIdleBefore) {
        int tokens = sql.update("DELETE FROM refresh_tokens WHERE expires_at < now()");
        int sessions = sql.update("""
                DELETE FROM sessions s
                WHERE (s.revoked_at IS NOT NULL AND s.revoked_at < ?)
                   OR (s.created_at < ? AND NOT EXISTS (SELECT 1 FROM refresh_tokens rt WHERE rt.session_id = s.id))""",
                sessionsIdleBefore, sessionsIdleBefore);
        return tokens + sessions;
    }

    private void insertRefreshToken(UUID sessionId, byte[] hash, Instant expiresAt) {
        sql.update("INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES (?, ?, ?)",
                hash, sessionId, expiresAt);
    }
}

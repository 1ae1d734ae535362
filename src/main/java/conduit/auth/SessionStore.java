package conduit.auth;

import conduit.pubsub.Publisher;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The sessions and refresh-token tables (V9). Every method is one transaction, or joins the caller's. */
@Singleton
class SessionStore {

    /** What presenting a refresh token did. */
    sealed interface Rotation {
        /** The token was current: it is spent now, and its successor is stored. */
        record Rotated(UUID sessionId, long userId) implements Rotation { }
        /** The token was already spent: the session is revoked now (theft detection). */
        record Reused(UUID sessionId, long userId) implements Rotation { }
        /** Unknown, expired, or of a session that is no longer active: nothing changed. */
        record Refused() implements Rotation { }
    }

    private final JdbcOperations jdbc;
    private final Publisher publisher;

    SessionStore(JdbcOperations jdbc, Publisher publisher) {
        this.jdbc = jdbc;
        this.publisher = publisher;
    }

    @Transactional
    void create(UUID sessionId, long userId, byte[] refreshHash, Instant refreshExpiresAt) {
        jdbc.prepareStatement("INSERT INTO sessions (id, user_id) VALUES (?, ?)", statement -> {
            statement.setObject(1, sessionId);
            statement.setLong(2, userId);
            return statement.executeUpdate();
        });
        insertRefreshToken(sessionId, refreshHash, refreshExpiresAt);
    }

    /**
     * Spends a refresh token and stores its successor, in one transaction. The token's row is locked first,
     * so of two concurrent refreshes with one token the second sees it spent. A reuse revokes the session
     * and commits that, although the caller answers 401.
     */
    @Transactional
    Rotation rotate(byte[] presentedHash, byte[] successorHash, Instant successorExpiresAt) {
        record Found(UUID sessionId, long userId, Instant expiresAt, boolean spent, boolean revoked) { }
        Optional<Found> found = jdbc.prepareStatement("""
                SELECT rt.session_id, s.user_id, rt.expires_at, rt.spent_at IS NOT NULL, s.revoked_at IS NOT NULL
                FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id
                WHERE rt.token_hash = ?
                FOR UPDATE OF rt, s""", statement -> {
            statement.setBytes(1, presentedHash);
            try (ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new Found(row.getObject(1, UUID.class), row.getLong(2),
                                row.getTimestamp(3).toInstant(), row.getBoolean(4), row.getBoolean(5)))
                        : Optional.empty();
            }
        });
        if (found.isEmpty() || found.get().revoked()) {
            return new Rotation.Refused();
        }
        Found token = found.get();
        if (token.spent()) {
            revoke(token.sessionId(), "refresh-token-reuse");
            return new Rotation.Reused(token.sessionId(), token.userId());
        }
        if (!token.expiresAt().isAfter(Instant.now())) {
            return new Rotation.Refused();
        }
        jdbc.prepareStatement("UPDATE refresh_tokens SET spent_at = now() WHERE token_hash = ?", statement -> {
            statement.setBytes(1, presentedHash);
            return statement.executeUpdate();
        });
        jdbc.prepareStatement("UPDATE sessions SET refreshed_at = now() WHERE id = ?", statement -> {
            statement.setObject(1, token.sessionId());
            return statement.executeUpdate();
        });
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

    private List<UUID> revoked(String sql, String reason, Object target) {
        List<UUID> ids = jdbc.prepareStatement(sql, statement -> {
            statement.setString(1, reason);
            statement.setObject(2, target);
            try (ResultSet rows = statement.executeQuery()) {
                var found = new ArrayList<UUID>();
                while (rows.next()) {
                    found.add(rows.getObject(1, UUID.class));
                }
                return found;
            }
        });
        publisher.publish(SessionEvictions.CHANNEL, ids.stream().map(UUID::toString).toList());
        return ids;
    }

    /** The user of an active session, if it is active. */
    @Transactional(readOnly = true)
    Optional<Long> activeUser(UUID sessionId) {
        return jdbc.prepareStatement("SELECT user_id FROM sessions WHERE id = ? AND revoked_at IS NULL", statement -> {
            statement.setObject(1, sessionId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        });
    }

    /**
     * Removes what can never be used again: expired refresh tokens, and sessions revoked, or without a live
     * refresh token, for longer than an access token lives. Returns the number of rows removed.
     */
    @Transactional
    int purge(Instant sessionsIdleBefore) {
        int tokens = jdbc.prepareStatement("DELETE FROM refresh_tokens WHERE expires_at < now()",
                statement -> statement.executeUpdate());
        int sessions = jdbc.prepareStatement("""
                DELETE FROM sessions s
                WHERE (s.revoked_at IS NOT NULL AND s.revoked_at < ?)
                   OR (s.created_at < ? AND NOT EXISTS (SELECT 1 FROM refresh_tokens rt WHERE rt.session_id = s.id))""",
                statement -> {
                    statement.setTimestamp(1, Timestamp.from(sessionsIdleBefore));
                    statement.setTimestamp(2, Timestamp.from(sessionsIdleBefore));
                    return statement.executeUpdate();
                });
        return tokens + sessions;
    }

    private void insertRefreshToken(UUID sessionId, byte[] hash, Instant expiresAt) {
        jdbc.prepareStatement("INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES (?, ?, ?)",
                statement -> {
                    statement.setBytes(1, hash);
                    statement.setObject(2, sessionId);
                    statement.setTimestamp(3, Timestamp.from(expiresAt));
                    return statement.executeUpdate();
                });
    }
}

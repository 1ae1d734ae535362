package conduit.apitoken;

import conduit.database.Sql;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The API token feature's SQL: the api_tokens table (V17). */
@Singleton
class ApiTokenQueries {

    /** A token as its owner sees it in the list. */
    record Listed(long id, String name, List<String> scopes, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
    }

    /** What an active token authenticates as. */
    record Holder(long tokenId, long userId, List<String> scopes) {
    }

    private static final Sql.Row<Listed> LISTED = row -> new Listed(row.getLong("id"), row.getString("name"),
            scopes(row), row.getTimestamp("created_at").toInstant(), instant(row.getTimestamp("expires_at")),
            instant(row.getTimestamp("last_used_at")));

    private final Sql sql;

    ApiTokenQueries(Sql sql) {
        this.sql = sql;
    }

    Listed insert(long userId, String name, byte[] hash, List<String> scopes, Instant expiresAt) {
        return sql.one("""
                INSERT INTO api_tokens (user_id, name, token_hash, scopes, expires_at) VALUES (?, ?, ?, ?, ?)
                RETURNING id, name, scopes, created_at, expires_at, last_used_at""",
                LISTED, userId, name, hash, Sql.textArray(scopes), expiresAt);
    }

    /** The user's tokens that still work or will (not revoked, not expired), newest first. */
    List<Listed> active(long userId) {
        return sql.list("""
                SELECT id, name, scopes, created_at, expires_at, last_used_at FROM api_tokens
                WHERE user_id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
                ORDER BY created_at DESC, id DESC""", LISTED, userId);
    }

    /** Locks the user's row, so that two creations at once count each other against the limit. */
    int countActiveLocked(long userId) {
        sql.first("SELECT id FROM users WHERE id = ? FOR UPDATE", row -> row.getLong(1), userId);
        return sql.one("""
                SELECT count(*) FROM api_tokens
                WHERE user_id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())""",
                row -> row.getInt(1), userId);
    }

    /** False if the user has no such active token. */
    boolean revoke(long userId, long tokenId) {
        return sql.update("UPDATE api_tokens SET revoked_at = now() WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                tokenId, userId) == 1;
    }

    int revokeAll(long userId) {
        return sql.update("UPDATE api_tokens SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL", userId);
    }

    /**
     * The holder of an active token with this hash, in one statement that also records the use (at most once a
     * minute per token, so a busy integration does not rewrite its row on every request). Called by the
     * validator, outside any service: its own unit of work.
     */
    @Transactional
    Optional<Holder> authenticate(byte[] hash) {
        return sql.first("""
                WITH token AS (
                    SELECT id, user_id, scopes, last_used_at FROM api_tokens
                    WHERE token_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())),
                touched AS (
                    UPDATE api_tokens t SET last_used_at = now() FROM token
                    WHERE t.id = token.id
                      AND (token.last_used_at IS NULL OR token.last_used_at < now() - interval '1 minute'))
                SELECT id, user_id, scopes FROM token""",
                row -> new Holder(row.getLong("id"), row.getLong("user_id"), scopes(row)), hash);
    }

    private static List<String> scopes(ResultSet row) throws SQLException {
        return List.copyOf(Arrays.asList((String[]) row.getArray("scopes").getArray()));
    }

    private static Instant instant(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}

-- A session is one sign-in: registration or login starts it, refreshes continue it, logout, a password change
-- or the reuse of a spent refresh token revokes it. Access tokens name their session (JWT claim "sid"), so
-- revoking a session also ends its access tokens.
CREATE TABLE sessions (
    id             uuid        PRIMARY KEY,
    user_id        bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL DEFAULT now(),
    refreshed_at   timestamptz,
    revoked_at     timestamptz,
    revoked_reason text,
    CONSTRAINT sessions_revoked_reason CHECK (
        (revoked_at IS NULL AND revoked_reason IS NULL)
        OR revoked_reason IN ('logout', 'logout-all', 'password-change', 'refresh-token-reuse'))
);

CREATE INDEX sessions_active_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

-- The refresh tokens of a session (its "family"): only a SHA-256 hash of each is kept. A token is spent
-- (spent_at) by the refresh that replaces it; presenting a spent token again revokes the whole session.
CREATE TABLE refresh_tokens (
    token_hash  bytea       PRIMARY KEY,
    session_id  uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    issued_at   timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    spent_at    timestamptz,
    CONSTRAINT refresh_tokens_hash_length CHECK (octet_length(token_hash) = 32)
);

CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);

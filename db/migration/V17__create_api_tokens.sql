-- API tokens: long-lived, scoped credentials a signed-in user creates for integrations. Only a SHA-256 hash of
-- the secret is kept. A revoked token stays (revoked_at) so the owner's list and audits can say what happened.
CREATE TABLE api_tokens (
    id           bigserial   PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    token_hash   bytea       NOT NULL UNIQUE,
    scopes       text[]      NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    CONSTRAINT api_tokens_hash_length CHECK (octet_length(token_hash) = 32),
    CONSTRAINT api_tokens_scopes_present CHECK (cardinality(scopes) > 0)
);

CREATE INDEX api_tokens_active_user_idx ON api_tokens (user_id, created_at DESC) WHERE revoked_at IS NULL;

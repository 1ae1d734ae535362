-- The first response to each Idempotency-Key, replayed to retries for 24 hours. A row is written in
-- the same transaction as the work it records, so it exists exactly when the work was done.
CREATE TABLE idempotency_keys (
    scope       text        NOT NULL,
    key         text        NOT NULL,
    fingerprint text        NOT NULL,
    status      smallint    NOT NULL,
    body        text        NOT NULL,
    location    text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);

CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Webhook endpoints a user registers, the events they were sent, and every attempt to send them. The signing
-- secret is kept as issued (it must sign); the previous one signs too until previous_secret_until (rotation).
CREATE TABLE webhook_endpoints (
    id                    bigserial   PRIMARY KEY,
    user_id               bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    url                   text        NOT NULL,
    description           text,
    event_types           text[]      NOT NULL,
    secret                text        NOT NULL,
    previous_secret       text,
    previous_secret_until timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    consecutive_failures  integer     NOT NULL DEFAULT 0,
    disabled_at           timestamptz,
    CONSTRAINT webhook_endpoints_event_types_present CHECK (cardinality(event_types) > 0)
);

CREATE INDEX webhook_endpoints_user_idx ON webhook_endpoints (user_id) WHERE disabled_at IS NULL;

-- What happened, as it was when it happened: a deleted article is still described to the endpoints told of it.
CREATE TABLE webhook_events (
    id         uuid        PRIMARY KEY,
    type       text        NOT NULL,
    data       jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
    id           bigserial   PRIMARY KEY,
    endpoint_id  bigint      NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id     uuid        NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    state        text        NOT NULL DEFAULT 'pending',
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT webhook_deliveries_state CHECK (state IN ('pending', 'delivered', 'failed'))
);

CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id DESC);

CREATE TABLE webhook_attempts (
    delivery_id bigint      NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    started_at  timestamptz NOT NULL,
    status_code integer,
    duration_ms integer     NOT NULL,
    error       text,
    PRIMARY KEY (delivery_id, attempt)
);

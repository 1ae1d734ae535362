-- Rate limits move from fixed-window counters to token buckets (Bucket4j's PostgreSQL schema: the bucket's
-- serialized state, and when it may be deleted because it has refilled completely). UNLOGGED, like the counters
-- before: losing buckets in a database crash only refills them, and it spares the WAL a write per check.
CREATE UNLOGGED TABLE rate_limit_buckets (
    id         text   PRIMARY KEY,
    state      bytea,
    expires_at bigint
);

CREATE INDEX rate_limit_buckets_expires_at ON rate_limit_buckets (expires_at);

DROP TABLE rate_limit_counters;

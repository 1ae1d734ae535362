-- Rate limits as one statement per check (conduit.ratelimit.RateLimiter): each bucket is its theoretical arrival
-- time (GCRA), in microseconds since the epoch on the database's clock; a check is a single upsert in autocommit
-- instead of Bucket4j's SELECT ... FOR UPDATE, UPDATE and COMMIT. A row whose time has passed is a full bucket and
-- may be deleted. UNLOGGED as before: losing it in a crash only refills the buckets.
--
-- rate_limit_buckets stays for now: instances of the previous release still use it during a rolling upgrade. A
-- later migration drops it (api-spec/README.md, release policy).
CREATE UNLOGGED TABLE rate_limit_cells (
    id  text   PRIMARY KEY,
    tat bigint NOT NULL
);

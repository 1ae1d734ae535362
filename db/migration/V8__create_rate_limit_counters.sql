-- Fixed-window request counters shared by all service instances. UNLOGGED: losing the counts in a
-- database crash only resets the windows, and it spares the WAL a write per counted request.
CREATE UNLOGGED TABLE rate_limit_counters (
    bucket       text        PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer     NOT NULL
);

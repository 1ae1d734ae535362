-- Durable background jobs. A job is inserted in the same transaction as the write that causes it, so a
-- rolled-back write leaves no job. Workers claim due jobs with FOR UPDATE SKIP LOCKED under a lease
-- (locked_until): a job whose worker died is claimed again when its lease runs out. A job that failed
-- max_attempts times is 'dead': kept for inspection and retried only on request.
CREATE TABLE jobs (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text        NOT NULL,
    payload      jsonb       NOT NULL,
    state        text        NOT NULL DEFAULT 'queued',
    attempts     integer     NOT NULL DEFAULT 0,
    max_attempts integer     NOT NULL,
    run_at       timestamptz NOT NULL DEFAULT now(),
    locked_by    text,
    locked_until timestamptz,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    CONSTRAINT jobs_state CHECK (state IN ('queued', 'running', 'done', 'dead')),
    CONSTRAINT jobs_attempts CHECK (attempts >= 0 AND max_attempts >= 1),
    CONSTRAINT jobs_lease CHECK ((state = 'running') = (locked_by IS NOT NULL AND locked_until IS NOT NULL))
);

CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE state = 'queued';
CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE state = 'running';
CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE state = 'done';

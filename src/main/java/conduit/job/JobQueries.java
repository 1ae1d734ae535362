package conduit.job;

import conduit.database.Sql;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job queue's SQL, the jobs table (V10): enqueueing, claiming under a lease, and recording what became of an
 * attempt. The worker, the housekeeping and the operators' endpoint call these outside any service, so each
 * method is its own transaction, or joins the caller's ({@link Jobs#enqueue} joins the write that causes it).
 */
@Singleton
class JobQueries {

    /** A claimed job: this worker holds its lease. {@code attempt} counts this one. */
    record Claimed(long id, String kind, String payload, int attempt, int maxAttempts) {
    }

    /** A dead job, as shown to operators. */
    record Dead(long id, String kind, int attempts, String lastError, Instant createdAt, Instant finishedAt) {
    }

    private final Sql sql;

    JobQueries(Sql sql) {
        this.sql = sql;
    }

    void insert(String kind, String payload, int maxAttempts) {
        sql.update("INSERT INTO jobs (kind, payload, max_attempts) VALUES (?, ?::jsonb, ?)", kind, payload, maxAttempts);
    }

    /**
     * Claims the oldest due job. SKIP LOCKED lets every worker of every instance claim concurrently without
     * waiting on, or ever taking, the same row.
     */
    @Transactional
    Optional<Claimed> claim(String workerId, Duration lease) {
        return sql.first("""
                UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = ?,
                                locked_until = now() + make_interval(secs => ?)
                WHERE id = (
                    SELECT id FROM jobs
                    WHERE state = 'queued' AND run_at <= now()
                    ORDER BY run_at
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, kind, payload::text, attempts, max_attempts""",
                row -> new Claimed(row.getLong(1), row.getString(2), row.getString(3), row.getInt(4), row.getInt(5)),
                workerId, lease.toMillis() / 1000.0);
    }

    /**
     * Takes back jobs whose lease ran out: their worker died (kill -9, lost machine) mid-attempt. The attempt
     * counts; a job that used up its attempts this way is dead rather than crashing workers forever.
     */
    @Transactional
    int reapExpiredLeases() {
        return sql.update("""
                UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                                finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
                                last_error = 'lease expired: the worker stopped during the attempt',
                                run_at = now(), locked_by = NULL, locked_until = NULL
                WHERE state = 'running' AND locked_until < now()""");
    }

    /** Records success; false if this worker no longer held the lease (it ran out and another took the job). */
    @Transactional
    boolean succeeded(long id, String workerId) {
        return sql.update("""
                UPDATE jobs SET state = 'done', finished_at = now(), locked_by = NULL, locked_until = NULL, last_error = NULL
                WHERE id = ? AND state = 'running' AND locked_by = ?""", id, workerId) == 1;
    }

    /** Records a failed attempt: queued again for {@code retryAt}, or dead when attempts are used up. */
    @Transactional
    boolean failed(long id, String workerId, String error, Instant retryAt) {
        return sql.update("""
                UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                                finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
                                run_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL
                WHERE id = ? AND state = 'running' AND locked_by = ?""", retryAt, error, id, workerId) == 1;
    }

    /** On shutdown: gives back the jobs this worker still holds, as if their attempt never started. */
    @Transactional
    int release(String workerId) {
        return sql.update("""
                UPDATE jobs SET state = 'queued', attempts = greatest(attempts - 1, 0), locked_by = NULL, locked_until = NULL
                WHERE state = 'running' AND locked_by = ?""", workerId);
    }

    /** Puts a dead job back in the queue with fresh attempts; false if there is no dead job with that id. */
    @Transactional
    boolean retryDead(long id) {
        return sql.update("""
                UPDATE jobs SET state = 'queued', attempts = 0, run_at = now(), finished_at = NULL
                WHERE id = ? AND state = 'dead'""", id) == 1;
    }

    /** The number of jobs per state (every state present, zero if none). */
    @Transactional(readOnly = true)
    Map<String, Long> countsByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : List.of("queued", "running", "done", "dead")) {
            counts.put(state, 0L);
        }
        sql.list("SELECT state, count(*) FROM jobs GROUP BY state", row -> counts.put(row.getString(1), row.getLong(2)));
        return counts;
    }

    /** Seconds the oldest due job has been waiting, 0 if none is waiting. */
    @Transactional(readOnly = true)
    double oldestDueAgeSeconds() {
        return sql.one("""
                SELECT coalesce(extract(epoch FROM now() - min(run_at)), 0) FROM jobs
                WHERE state = 'queued' AND run_at <= now()""", row -> row.getDouble(1));
    }

    @Transactional(readOnly = true)
    List<Dead> dead(int limit) {
        return sql.list("""
                SELECT id, kind, attempts, last_error, created_at, finished_at FROM jobs
                WHERE state = 'dead' ORDER BY id DESC LIMIT ?""", row -> new Dead(row.getLong(1), row.getString(2),
                row.getInt(3), row.getString(4), instant(row.getTimestamp(5)), instant(row.getTimestamp(6))), limit);
    }

    /** Removes finished jobs older than the given time; dead jobs stay until someone looks at them. */
    @Transactional
    int purgeDone(Instant finishedBefore) {
        return sql.update("DELETE FROM jobs WHERE state = 'done' AND finished_at < ?", finishedBefore);
    }

    private static Instant instant(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}

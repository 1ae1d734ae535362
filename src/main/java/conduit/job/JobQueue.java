package conduit.job;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The jobs table (V10): claiming under a lease, and recording what became of an attempt. */
@Singleton
class JobQueue {

    /** A claimed job: this worker holds its lease. {@code attempt} counts this one. */
    record Claimed(long id, String kind, String payload, int attempt, int maxAttempts) {
    }

    /** A dead job, as shown to operators. */
    record Dead(long id, String kind, int attempts, String lastError, Instant createdAt, Instant finishedAt) {
    }

    private final JdbcOperations jdbc;

    JobQueue(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the oldest due job. SKIP LOCKED lets every worker of every instance claim concurrently without
     * waiting on, or ever taking, the same row.
     */
    @Transactional
    Optional<Claimed> claim(String workerId, Duration lease) {
        return jdbc.prepareStatement("""
                UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = ?,
                                locked_until = now() + make_interval(secs => ?)
                WHERE id = (
                    SELECT id FROM jobs
                    WHERE state = 'queued' AND run_at <= now()
                    ORDER BY run_at
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, kind, payload::text, attempts, max_attempts""", statement -> {
            statement.setString(1, workerId);
            statement.setDouble(2, lease.toMillis() / 1000.0);
            try (ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new Claimed(row.getLong(1), row.getString(2), row.getString(3), row.getInt(4), row.getInt(5)))
                        : Optional.empty();
            }
        });
    }

    /**
     * Takes back jobs whose lease ran out: their worker died (kill -9, lost machine) mid-attempt. The attempt
     * counts; a job that used up its attempts this way is dead rather than crashing workers forever.
     */
    @Transactional
    int reapExpiredLeases() {
        return jdbc.prepareStatement("""
                UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                                finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
                                last_error = 'lease expired: the worker stopped during the attempt',
                                run_at = now(), locked_by = NULL, locked_until = NULL
                WHERE state = 'running' AND locked_until < now()""", statement -> statement.executeUpdate());
    }

    /** Records success; false if this worker no longer held the lease (it ran out and another took the job). */
    @Transactional
    boolean succeeded(long id, String workerId) {
        return jdbc.prepareStatement("""
                UPDATE jobs SET state = 'done', finished_at = now(), locked_by = NULL, locked_until = NULL, last_error = NULL
                WHERE id = ? AND state = 'running' AND locked_by = ?""", statement -> {
            statement.setLong(1, id);
            statement.setString(2, workerId);
            return statement.executeUpdate() == 1;
        });
    }

    /** Records a failed attempt: queued again for {@code retryAt}, or dead when attempts are used up. */
    @Transactional
    boolean failed(long id, String workerId, String error, Instant retryAt) {
        return jdbc.prepareStatement("""
                UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                                finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
                                run_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL
                WHERE id = ? AND state = 'running' AND locked_by = ?""", statement -> {
            statement.setTimestamp(1, Timestamp.from(retryAt));
            statement.setString(2, error);
            statement.setLong(3, id);
            statement.setString(4, workerId);
            return statement.executeUpdate() == 1;
        });
    }

    /** On shutdown: gives back the jobs this worker still holds, as if their attempt never started. */
    @Transactional
    int release(String workerId) {
        return jdbc.prepareStatement("""
                UPDATE jobs SET state = 'queued', attempts = greatest(attempts - 1, 0), locked_by = NULL, locked_until = NULL
                WHERE state = 'running' AND locked_by = ?""", statement -> {
            statement.setString(1, workerId);
            return statement.executeUpdate();
        });
    }

    /** Puts a dead job back in the queue with fresh attempts; false if there is no dead job with that id. */
    @Transactional
    boolean retryDead(long id) {
        return jdbc.prepareStatement("""
                UPDATE jobs SET state = 'queued', attempts = 0, run_at = now(), finished_at = NULL
                WHERE id = ? AND state = 'dead'""", statement -> {
            statement.setLong(1, id);
            return statement.executeUpdate() == 1;
        });
    }

    /** The number of jobs per state (every state present, zero if none). */
    @Transactional(readOnly = true)
    Map<String, Long> countsByState() {
        return jdbc.prepareStatement("SELECT state, count(*) FROM jobs GROUP BY state", statement -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String state : List.of("queued", "running", "done", "dead")) {
                counts.put(state, 0L);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        });
    }

    /** Seconds the oldest due job has been waiting, 0 if none is waiting. */
    @Transactional(readOnly = true)
    double oldestDueAgeSeconds() {
        return jdbc.prepareStatement("""
                SELECT coalesce(extract(epoch FROM now() - min(run_at)), 0) FROM jobs
                WHERE state = 'queued' AND run_at <= now()""", statement -> {
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getDouble(1);
            }
        });
    }

    @Transactional(readOnly = true)
    List<Dead> dead(int limit) {
        return jdbc.prepareStatement("""
                SELECT id, kind, attempts, last_error, created_at, finished_at FROM jobs
                WHERE state = 'dead' ORDER BY id DESC LIMIT ?""", statement -> {
            statement.setInt(1, limit);
            List<Dead> dead = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    dead.add(new Dead(rows.getLong(1), rows.getString(2), rows.getInt(3), rows.getString(4),
                            instant(rows, 5), instant(rows, 6)));
                }
            }
            return dead;
        });
    }

    /** Removes finished jobs older than the given time; dead jobs stay until someone looks at them. */
    @Transactional
    int purgeDone(Instant finishedBefore) {
        return jdbc.prepareStatement("DELETE FROM jobs WHERE state = 'done' AND finished_at < ?", statement -> {
            statement.setTimestamp(1, Timestamp.from(finishedBefore));
            return statement.executeUpdate();
        });
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}

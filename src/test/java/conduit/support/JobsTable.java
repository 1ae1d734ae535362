package conduit.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the jobs table directly, so tests can wait for a job to finish and check how it went. */
public final class JobsTable {

    /** One job row. */
    public record Job(long id, String kind, String state, int attempts, String lastError) {
    }

    private JobsTable() {
    }

    /** Jobs of a kind whose payload has {@code field} equal to {@code value}, oldest first. */
    public static List<Job> find(String kind, String field, Object value) {
        try (Connection db = TestDatabase.connect();
             PreparedStatement statement = db.prepareStatement("""
                     SELECT id, kind, state, attempts, last_error FROM jobs
                     WHERE kind = ? AND payload ->> ? = ? ORDER BY id""")) {
            statement.setString(1, kind);
            statement.setString(2, field);
            statement.setString(3, String.valueOf(value));
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    jobs.add(new Job(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getInt(4), rows.getString(5)));
                }
            }
            return jobs;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until exactly one such job exists and is in {@code state}; returns it. */
    public static Job await(String kind, String field, Object value, String state, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Job> jobs = find(kind, field, value);
        while (!(jobs.size() == 1 && jobs.get(0).state().equals(state)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            jobs = find(kind, field, value);
        }
        if (!(jobs.size() == 1 && jobs.get(0).state().equals(state))) {
            throw new AssertionError("expected one " + kind + " job with " + field + "=" + value + " in state " + state + ", found " + jobs);
        }
        return jobs.get(0);
    }

    /** The number of rows a query counts, for before/after comparisons. */
    public static long count(String sql) {
        try (Connection db = TestDatabase.connect();
             PreparedStatement statement = db.prepareStatement(sql);
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

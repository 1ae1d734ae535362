package conduit.ratelimit;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;

/**
 * Fixed-window counters in PostgreSQL, so every service instance sees the same counts. One
 * statement per check. Each call commits on its own, so a request that later fails or rolls back
 * still counts.
 */
@Singleton
public class RateLimiter {

    private final JdbcOperations jdbc;

    RateLimiter(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts one request in the bucket and says whether it is within the limit. */
    @Transactional(propagation = TransactionDefinition.Propagation.REQUIRES_NEW)
    public Decision hit(String bucket, Limit limit) {
        long window = limit.window().toSeconds();
        return jdbc.prepareStatement("""
                INSERT INTO rate_limit_counters AS c (bucket, window_start, hits)
                VALUES (?, to_timestamp(floor(extract(epoch FROM now()) / ?) * ?), 1)
                ON CONFLICT (bucket) DO UPDATE SET
                    hits = CASE WHEN c.window_start = excluded.window_start THEN c.hits + 1 ELSE 1 END,
                    window_start = excluded.window_start
                RETURNING hits, ceil(extract(epoch FROM (window_start + make_interval(secs => ?) - now())))""",
                statement -> {
                    statement.setString(1, bucket);
                    statement.setLong(2, window);
                    statement.setLong(3, window);
                    statement.setLong(4, window);
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        return new Decision(limit, row.getInt(1), Math.max(1, row.getLong(2)));
                    }
                });
    }

    /** Where the bucket stands, without counting this request. */
    @Transactional(propagation = TransactionDefinition.Propagation.REQUIRES_NEW, readOnly = true)
    public Decision peek(String bucket, Limit limit) {
        long window = limit.window().toSeconds();
        return jdbc.prepareStatement("""
                SELECT CASE WHEN window_start = to_timestamp(floor(extract(epoch FROM now()) / ?) * ?)
                            THEN hits ELSE 0 END,
                       ceil(extract(epoch FROM (to_timestamp(floor(extract(epoch FROM now()) / ?) * ?)
                                                + make_interval(secs => ?) - now())))
                FROM (SELECT 1) one LEFT JOIN rate_limit_counters ON bucket = ?""", statement -> {
            statement.setLong(1, window);
            statement.setLong(2, window);
            statement.setLong(3, window);
            statement.setLong(4, window);
            statement.setLong(5, window);
            statement.setString(6, bucket);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new Decision(limit, row.getInt(1), Math.max(1, row.getLong(2)));
            }
        });
    }
}

package conduit.ratelimit;

import conduit.database.Sql;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The buckets' SQL (RateLimiter has the arithmetic). Each statement runs alone in autocommit on its own pooled
 * connection, outside the caller's transaction, so a request that later fails or rolls back still counts. Times are
 * microseconds since the epoch on the database's clock, the one clock every instance shares.
 */
@Singleton
class RateLimitQueries {

    /** A bucket's theoretical arrival time ({@code Long.MIN_VALUE}: no row, a full bucket) and the database's now. */
    record Cell(long tat, long now) {
    }

    private static final String NOW = "(EXTRACT(EPOCH FROM statement_timestamp()) * 1000000)::bigint";

    /**
     * Parameters: the id, T, T, T, the window. A fresh row's tat is now + T; an existing one moves to max(tat, now) + T
     * (written max(tat + T, EXCLUDED.tat)) only WHERE that stays within a window of now. ON CONFLICT locks the row and
     * re-reads it, so concurrent checks of one bucket queue on it and each sees the last one's result.
     */
    private static final String TAKE = "INSERT INTO rate_limit_cells AS c (id, tat) VALUES (?, " + NOW + " + ?) "
            + "ON CONFLICT (id) DO UPDATE SET tat = greatest(c.tat + ?, EXCLUDED.tat) "
            + "WHERE greatest(c.tat + ?, EXCLUDED.tat) - (EXCLUDED.tat - ?) <= ? "
            + "RETURNING tat, " + NOW;

    private static final String LOOK = "SELECT (SELECT tat FROM rate_limit_cells WHERE id = ?), " + NOW;

    private static final Sql.Row<Cell> CELL = row -> {
        long tat = row.getLong(1);
        return new Cell(row.wasNull() ? Long.MIN_VALUE : tat, row.getLong(2));
    };

    private final DataSource pool;

    RateLimitQueries(DataSource dataSource) {
        // The pool itself, not Micronaut's transaction-aware wrapper: through the wrapper a check would join (and be
        // rolled back with) the caller's transaction.
        this.pool = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /** Takes one interval for a request; empty when the bucket has no token (nothing changed then). */
    Optional<Cell> take(String id, long interval, long window) {
        return autocommit(sql -> sql.first(TAKE, CELL, id, interval, interval, interval, interval, window));
    }

    /** The bucket as it stands, changing nothing. */
    Cell look(String id) {
        return autocommit(sql -> sql.one(LOOK, CELL, id));
    }

    /** Deletes the buckets that have been full for at least {@code margin} µs. */
    int removeFull(long margin) {
        return autocommit(sql -> sql.update("DELETE FROM rate_limit_cells WHERE tat < " + NOW + " - ?", margin));
    }

    private <T> T autocommit(Function<Sql, T> work) {
        try (Connection connection = pool.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return work.apply(Sql.on(connection));
        } catch (SQLException e) {
            throw new Sql.DatabaseException(e);
        }
    }
}

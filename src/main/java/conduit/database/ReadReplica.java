package conduit.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The optional read replica ({@code CONDUIT_DB_REPLICA_URL}) and which connections go to it. Only work run through
 * {@link #read} can be served by it, and only its first connection's worth: every connection opened inside comes
 * from the replica when the replica answers and, given a position, has replayed the primary's history up to it;
 * otherwise from the primary. Nothing else ever touches the replica, so without a URL, or outside {@link #read},
 * every connection is the primary's, as before.
 *
 * <p>A replica that fails (no connection within a short wait, a query that errors) is left alone for
 * {@code CONDUIT_DB_REPLICA_RETRY_AFTER}, so a dead replica costs one slow read per interval, not every read; a read
 * it failed is run again on the primary, which is safe because it only reads.
 */
@Singleton
public final class ReadReplica {

    private static final Logger LOG = LoggerFactory.getLogger(ReadReplica.class);
    private static final ThreadLocal<Route> ROUTE = new ThreadLocal<>();

    /** A read in progress: the position it must see, if any, and whether the replica served it. */
    private static final class Route {
        final Optional<String> caughtUpTo;
        boolean served;

        Route(Optional<String> caughtUpTo) {
            this.caughtUpTo = caughtUpTo;
        }
    }

    @Nullable
    private final HikariDataSource pool;
    private final long retryAfterNanos;
    private volatile long downUntil = System.nanoTime();
    private volatile boolean down;

    ReadReplica(@Value("${conduit.database.replica.url:}") String url,
                @Value("${datasources.default.username:postgres}") String username,
                @Value("${datasources.default.password:}") String password,
                @Value("${datasources.default.maximum-pool-size:10}") int poolSize,
                @Value("${conduit.database.replica.timeout:2s}") Duration timeout,
                @Value("${conduit.database.replica.retry-after:5s}") Duration retryAfter) {
        this.retryAfterNanos = retryAfter.toNanos();
        if (url.isBlank()) {
            this.pool = null;
            return;
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("replica");
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setReadOnly(true);
        // Never wait long for the replica: the primary can answer instead.
        config.setConnectionTimeout(250);
        config.setValidationTimeout(250);
        // Start even when the replica is down; it is tried again on the next read after the back-off.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", "1");
        config.addDataSourceProperty("socketTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
        this.pool = new HikariDataSource(config);
        LOG.info("Read replica: {} (reads that may lag go there; retry after failure: {})", redacted(url), retryAfter);
    }

    /** Whether a replica is configured at all. */
    public boolean configured() {
        return pool != null;
    }

    /**
     * Runs read-only work whose connections may come from the replica: any replica that answers when
     * {@code caughtUpTo} is empty (the caller accepts lag), else only one that has replayed the primary's WAL up to
     * that position (an LSN such as {@code 0/16B3748}, already checked by the caller). Failures of the replica
     * during the work run it again on the primary.
     */
    public <T> T read(Optional<String> caughtUpTo, Supplier<T> work) {
        if (pool == null || ROUTE.get() != null || isBackingOff()) {
            return work.get();
        }
        Route route = new Route(caughtUpTo);
        ROUTE.set(route);
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (!route.served || !causedBySql(e)) {
                throw e;
            }
            failed(e);
        } finally {
            ROUTE.remove();
        }
        return work.get();
    }

    /** A replica connection for the read in progress on this thread, or null: use the primary. */
    @Nullable
    Connection connectionForCurrentRead() {
        Route route = ROUTE.get();
        if (route == null || pool == null || isBackingOff()) {
            return null;
        }
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            failed(e);
            return null;
        }
        try {
            if (route.caughtUpTo.isPresent() && !replayed(connection, route.caughtUpTo.get())) {
                connection.close();
                return null;
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            failed(e);
            return null;
        }
        route.served = true;
        recovered();
        return connection;
    }

    /** NULL (not a standby) counts as not caught up: only a replica proves it has the write. */
    private static boolean replayed(Connection connection, String position) {
        return Sql.on(connection).one("SELECT coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false)",
                row -> row.getBoolean(1), position);
    }

    private boolean isBackingOff() {
        return down && System.nanoTime() - downUntil < 0;
    }

    private void failed(Exception e) {
        downUntil = System.nanoTime() + retryAfterNanos;
        if (!down) {
            LOG.warn("Read replica failed, reads go to the primary for {} ms: {}", retryAfterNanos / 1_000_000,
                    e.getMessage());
        }
        down = true;
    }

    private void recovered() {
        if (down) {
            down = false;
            LOG.info("Read replica answers again");
        }
    }

    private static boolean causedBySql(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Hikari evicts a connection that failed; nothing else to do with it.
        }
    }

    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @PreDestroy
    void close() {
        if (pool != null) {
            pool.close();
        }
    }
}

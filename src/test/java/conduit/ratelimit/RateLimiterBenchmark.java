package conduit.ratelimit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A measurement, not a test (bench/rate-limit.sh runs it): the cost of one rate-limit check in PostgreSQL, for the
 * fixed-window upsert the service used before issue 14, for Bucket4j's PostgreSQL token buckets (its
 * SELECT ... FOR UPDATE strategy; the advisory-lock one takes numeric keys only) it used until issue 18, and for the
 * service's RateLimiter now (one upsert per check), side by side in one run on one database; and the largest burst
 * each lets through around a window edge. Prints checks/s and latency percentiles.
 */
public final class RateLimiterBenchmark {

    interface Check {
        boolean allowed(String key, Limit limit) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String server = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String database = "conduit_bench_ratelimit_" + System.currentTimeMillis();
        try (Connection admin = DriverManager.getConnection(server + "postgres", "postgres", "")) {
            admin.createStatement().execute("CREATE DATABASE " + database);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server + database);
        config.setUsername("postgres");
        config.setMaximumPoolSize(10);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection c = pool.getConnection()) {
                c.createStatement().execute("""
                        CREATE UNLOGGED TABLE rate_limit_counters (bucket text PRIMARY KEY,
                            window_start timestamptz NOT NULL, hits integer NOT NULL);
                        CREATE UNLOGGED TABLE rate_limit_buckets (id text PRIMARY KEY, state bytea, expires_at bigint);
                        CREATE UNLOGGED TABLE rate_limit_cells (id text PRIMARY KEY, tat bigint NOT NULL)""");
            }
            RateLimiter ours = new RateLimiter(new RateLimitQueries(pool));
            List<Object[]> implementations = List.of(
                    new Object[] {"fixed window, one upsert (before)", (Check) (key, limit) -> fixedWindow(pool, key, limit)},
                    new Object[] {"Bucket4j token bucket, SELECT FOR UPDATE", bucket4j(Bucket4jPostgreSQL
                            .selectForUpdateBasedBuilder(pool).primaryKeyMapper(PrimaryKeyMapper.STRING)
                            .table("rate_limit_buckets").expiresAtColumn("expires_at")
                            .expirationAfterWrite(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1))).build())},
                    new Object[] {"RateLimiter: one upsert per check (now)",
                            (Check) (key, limit) -> ours.hit(key, limit).allowed()});
            System.out.printf("%-42s %-22s %10s %8s %8s %8s%n", "implementation", "threads, keys", "checks/s",
                    "p50 ms", "p99 ms", "max ms");
            Limit generous = new Limit(1_000_000_000, Duration.ofMinutes(1));
            for (int threads : new int[] {1, 8}) {
                for (boolean hot : new boolean[] {false, true}) {
                    for (Object[] implementation : implementations) {
                        run((String) implementation[0], (Check) implementation[1], threads, hot, generous, 1);
                        run((String) implementation[0], (Check) implementation[1], threads, hot, generous, seconds);
                    }
                }
            }
            System.out.println();
            System.out.println("Edge attack on a limit of 5 per 2 s: 5 requests 250 ms before an even second and 5 just"
                    + " after it; requests let through (the limit is 5):");
            for (Object[] implementation : implementations) {
                System.out.printf("  %-42s %d%n", implementation[0], largestBurst((Check) implementation[1]));
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(server + "postgres", "postgres", "")) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static Check bucket4j(ProxyManager<String> buckets) {
        return (key, limit) -> buckets.builder().build(key, () -> BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.requests())
                        .refillGreedy(limit.requests(), limit.window()))
                .build()).tryConsume(1);
    }

    /** The statement RateLimiter ran before this change, verbatim in effect: one upsert per check, autocommit. */
    private static boolean fixedWindow(HikariDataSource pool, String key, Limit limit) throws SQLException {
        long window = limit.window().toSeconds();
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO rate_limit_counters AS c (bucket, window_start, hits)
                VALUES (?, to_timestamp(floor(extract(epoch FROM now()) / ?) * ?), 1)
                ON CONFLICT (bucket) DO UPDATE SET
                    hits = CASE WHEN c.window_start = excluded.window_start THEN c.hits + 1 ELSE 1 END,
                    window_start = excluded.window_start
                RETURNING hits""")) {
            s.setString(1, key);
            s.setLong(2, window);
            s.setLong(3, window);
            try (ResultSet row = s.executeQuery()) {
                row.next();
                return row.getInt(1) <= limit.requests();
            }
        }
    }

    private static void run(String name, Check check, int threads, boolean hot, Limit limit, int seconds)
            throws Exception {
        String prefix = name.hashCode() + ":" + System.nanoTime() + ":";
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ConcurrentLinkedQueue<long[]> all = new ConcurrentLinkedQueue<>();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String key = prefix + (hot ? "hot" : "key" + t);
            workers.add(pool.submit(() -> {
                long[] latencies = new long[2_000_000];
                int n = 0;
                while (System.nanoTime() < end && n < latencies.length) {
                    long start = System.nanoTime();
                    check.allowed(key, limit);
                    latencies[n++] = System.nanoTime() - start;
                }
                all.add(Arrays.copyOf(latencies, n));
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        if (seconds <= 1) {
            return; // warm-up
        }
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("%-42s %-22s %10.0f %8.2f %8.2f %8.2f%n", name,
                threads + (hot ? ", one shared key" : ", one key each"), merged.length / (double) seconds,
                merged[merged.length / 2] / 1e6, merged[(int) (merged.length * 0.99)] / 1e6,
                merged[merged.length - 1] / 1e6);
    }

    /** The edge attack: 5 requests 250 ms before an even second, 5 right after it. A limit of 5 per 2 s should pass 5. */
    private static int largestBurst(Check check) throws Exception {
        Limit limit = new Limit(5, Duration.ofSeconds(2));
        String key = "burst:" + System.nanoTime();
        int accepted = 0;
        Thread.sleep((1750 - System.currentTimeMillis() % 2000 + 2000) % 2000);
        for (int i = 0; i < 5; i++) {
            accepted += check.allowed(key, limit) ? 1 : 0;
        }
        Thread.sleep((50 - System.currentTimeMillis() % 2000 + 2000) % 2000);
        for (int i = 0; i < 5; i++) {
            accepted += check.allowed(key, limit) ? 1 : 0;
        }
        return accepted;
    }
}

package conduit.ratelimit;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Token buckets in PostgreSQL, so every service instance draws on the same buckets. A limit of N per window is a
 * bucket of N tokens refilled continuously at N per window: a client gets at most N at once and then the steady
 * rate, never the 2N a fixed window lets through across its edge.
 *
 * <p>A bucket is kept as one number, its theoretical arrival time (the generic cell rate algorithm, which is this
 * token bucket stated differently): each allowed request pushes it one emission interval T = window / N past
 * max(tat, now), and a request is allowed while that stays within one window of now. The tokens left are the
 * whole intervals between tat and now + window. So a check is one upsert in autocommit (RateLimitQueries), and a
 * refused one a second statement to say when to retry.
 */
@Singleton
public class RateLimiter {

    /** A row may go once its bucket has been full again for this long (µs). */
    private static final long KEEP_AFTER_FULL_MICROS = 60_000_000L;

    private final RateLimitQueries queries;

    RateLimiter(RateLimitQueries queries) {
        this.queries = queries;
    }

    /** Takes one token for this request and says whether there was one. */
    public Decision hit(String bucket, Limit limit) {
        String id = key(bucket, limit);
        long interval = interval(limit);
        long window = interval * limit.requests();
        Optional<RateLimitQueries.Cell> taken = queries.take(id, interval, window);
        if (taken.isPresent()) {
            return decision(limit, true, taken.get(), interval, window);
        }
        return decision(limit, false, queries.look(id), interval, window);
    }

    /** Where the bucket stands, without taking a token: whether one more request would be allowed. */
    public Decision peek(String bucket, Limit limit) {
        long interval = interval(limit);
        long window = interval * limit.requests();
        RateLimitQueries.Cell cell = queries.look(key(bucket, limit));
        return decision(limit, Math.max(cell.tat(), cell.now()) + interval - cell.now() <= window, cell, interval, window);
    }

    /** Buckets that have refilled completely hold nothing worth keeping. Every instance may run this at once. */
    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
    void removeFullBuckets() {
        queries.removeFull(KEEP_AFTER_FULL_MICROS);
    }

    /** The tokens left, and when the next one arrives: when tat + T - window reaches now. */
    private static Decision decision(Limit limit, boolean allowed, RateLimitQueries.Cell cell, long interval, long window) {
        long now = cell.now();
        long tat = Math.max(cell.tat(), now);
        long remaining = Math.max(0, Math.min(limit.requests(), (now + window - tat) / interval));
        long microsToNextToken = Math.max(0, tat + interval - window - now);
        return Decision.of(limit, allowed, remaining, microsToNextToken * 1000);
    }

    /** The emission interval in microseconds: the window over the requests, at least 1 µs. */
    private static long interval(Limit limit) {
        return Math.max(1, limit.window().toNanos() / 1000 / limit.requests());
    }

    /** The limit is part of the key: a changed limit starts a fresh bucket instead of keeping the old shape. */
    private static String key(String bucket, Limit limit) {
        return bucket + "@" + limit.policy();
    }
}

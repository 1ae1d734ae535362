package conduit.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Token buckets in PostgreSQL (Bucket4j), so every service instance draws on the same buckets. A limit of N per
 * window is a bucket of N tokens refilled continuously at N per window: a client gets at most N at once and then
 * the steady rate, never the 2N a fixed window lets through across its edge. Each check is its own short
 * transaction on its own connection (Bucket4j takes it from the pool itself, outside the caller's transaction), so a
 * request that later fails or rolls back still counts.
 */
@Singleton
public class RateLimiter {

    /** A bucket row may go once it would be full again anyway, plus this margin. */
    private static final Duration KEEP_AFTER_FULL = Duration.ofMinutes(1);

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    RateLimiter(DataSource dataSource) {
        // The pool itself, not Micronaut's transaction-aware wrapper: Bucket4j commits its own transactions, and
        // through the wrapper it would commit the caller's.
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(DelegatingDataSource.unwrapDataSource(dataSource))
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_FULL))
                .build();
    }

    /** Takes one token for this request and says whether there was one. */
    public Decision hit(String bucket, Limit limit) {
        ConsumptionProbe probe = proxy(bucket, limit).tryConsumeAndReturnRemaining(1);
        return Decision.of(limit, probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
    }

    /** Where the bucket stands, without taking a token: whether one more request would be allowed. */
    public Decision peek(String bucket, Limit limit) {
        EstimationProbe probe = proxy(bucket, limit).estimateAbilityToConsume(1);
        return Decision.of(limit, probe.canBeConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForRefill());
    }

    /** Buckets that have refilled completely hold nothing worth keeping. Every instance may run this at once. */
    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
    void removeFullBuckets() {
        while (buckets.removeExpired(1000) == 1000) {
            Thread.onSpinWait();
        }
    }

    /** The limit is part of the key: a changed limit starts a fresh bucket instead of keeping the old shape. */
    private BucketProxy proxy(String bucket, Limit limit) {
        return buckets.builder().build(bucket + "@" + limit.policy(), () -> BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.requests())
                        .refillGreedy(limit.requests(), limit.window()))
                .build());
    }
}

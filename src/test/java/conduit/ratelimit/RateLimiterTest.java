package conduit.ratelimit;

import conduit.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limiter's buckets on the real database, checked from the client's side: how many get through at once, in a
 * race, after a pause, and that looking does not spend. The HTTP side (headers, 429 bodies, which requests count)
 * is RateLimitApiTest's.
 */
@MicronautTest(transactional = false)
class RateLimiterTest extends ApiTestSupport {

    @Inject
    RateLimiter limiter;

    @Test
    void aFreshBucketLetsTheLimitThroughAtOnceCountingDownThenRefusesWithWhenToRetry() {
        String bucket = fresh();
        Limit limit = new Limit(5, Duration.ofHours(1));
        for (int i = 1; i <= 5; i++) {
            Decision decision = limiter.hit(bucket, limit);
            assertTrue(decision.allowed(), "request " + i);
            assertEquals(5 - i, decision.remaining(), "remaining after request " + i);
        }
        Decision sixth = limiter.hit(bucket, limit);
        assertFalse(sixth.allowed());
        assertEquals(0, sixth.remaining());
        // One token every 12 minutes: the next one is at most that far away, and not already here.
        assertTrue(sixth.retryAfterSeconds() > 700 && sixth.retryAfterSeconds() <= 720, "Retry-After " + sixth.retryAfterSeconds());
        assertTrue(sixth.resetSeconds() > 3500 && sixth.resetSeconds() <= 3600, "reset " + sixth.resetSeconds());
        assertFalse(limiter.hit(bucket, limit).allowed(), "a refused request does not make room for the next");
    }

    @Test
    void concurrentRequestsOnOneBucketGetExactlyTheLimitThrough() throws Exception {
        String bucket = fresh();
        Limit limit = new Limit(10, Duration.ofHours(1));
        int requests = 40;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                Callable<Boolean> request = () -> {
                    start.await();
                    return limiter.hit(bucket, limit).allowed();
                };
                answers.add(pool.submit(request));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Boolean> answer : answers) {
                allowed += answer.get() ? 1 : 0;
            }
            assertEquals(10, allowed);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEmptiedBucketRefillsOneTokenPerIntervalNotAllAtOnce() throws InterruptedException {
        String bucket = fresh();
        Limit limit = new Limit(2, Duration.ofSeconds(1)); // one token every 500 ms
        assertTrue(limiter.hit(bucket, limit).allowed());
        assertTrue(limiter.hit(bucket, limit).allowed());
        assertFalse(limiter.hit(bucket, limit).allowed());
        Thread.sleep(600);
        Decision afterAPause = limiter.hit(bucket, limit);
        assertTrue(afterAPause.allowed(), "a token came back");
        assertTrue(afterAPause.remaining() <= 1, "remaining " + afterAPause.remaining());
    }

    @Test
    void peekingSaysWhetherOneMoreWouldPassWithoutSpendingAToken() {
        String bucket = fresh();
        Limit limit = new Limit(2, Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            Decision look = limiter.peek(bucket, limit);
            assertTrue(look.allowed());
            assertEquals(2, look.remaining());
        }
        limiter.hit(bucket, limit);
        assertEquals(1, limiter.peek(bucket, limit).remaining());
        limiter.hit(bucket, limit);
        assertFalse(limiter.peek(bucket, limit).allowed());
        assertFalse(limiter.hit(bucket, limit).allowed());
    }

    @Test
    void aChangedLimitIsAFreshBucket() {
        String bucket = fresh();
        Limit one = new Limit(1, Duration.ofHours(1));
        assertTrue(limiter.hit(bucket, one).allowed());
        assertFalse(limiter.hit(bucket, one).allowed());
        assertTrue(limiter.hit(bucket, new Limit(3, Duration.ofHours(1))).allowed());
    }

    private static String fresh() {
        return "test:" + UUID.randomUUID();
    }
}

package conduit.ratelimit;

import conduit.system.RateLimitState;
import conduit.system.RateLimitedException;

/**
 * Where a bucket stands after (or without) taking a request's token: whether the request is allowed, how many whole
 * tokens remain, when the bucket is full again, and, when refused, when the next token arrives.
 */
public record Decision(Limit limit, boolean allowed, long remaining, long resetSeconds, long retryAfterSeconds) {

    static Decision of(Limit limit, boolean allowed, long remaining, long nanosToNextToken) {
        long missing = Math.max(0, limit.requests() - remaining);
        // Greedy refill: one token every window / requests, so the bucket is full after that times the tokens missing.
        long resetSeconds = ceilSeconds(limit.window().toNanos() / limit.requests() * missing);
        return new Decision(limit, allowed, remaining, resetSeconds, Math.max(1, ceilSeconds(nanosToNextToken)));
    }

    /** How a response reports this decision (RateLimit-* headers, and Retry-After when refused). */
    public RateLimitState state() {
        return new RateLimitState(limit.requests(), remaining, resetSeconds, retryAfterSeconds, limit.policy(), !allowed);
    }

    /** The refusal of a request this decision does not allow (429). */
    public RateLimitedException refusal() {
        return new RateLimitedException(state());
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}

package conduit.ratelimit;

import conduit.system.RateLimitState;
import conduit.system.RateLimitedException;

/** Where a bucket stands after (or without) counting a request. */
public record Decision(Limit limit, int used, long resetSeconds) {

    public boolean allowed() {
        return used <= limit.requests();
    }

    public int remaining() {
        return Math.max(0, limit.requests() - used);
    }

    /** How a response reports this decision (RateLimit-* headers). */
    public RateLimitState state() {
        return new RateLimitState(limit.requests(), remaining(), resetSeconds, limit.policy(), !allowed());
    }

    /** The refusal of a request this decision does not allow (429). */
    public RateLimitedException refusal() {
        return new RateLimitedException(state());
    }

    /** The decision for one more request on top of what a peek saw. */
    public Decision withOneMore() {
        return new Decision(limit, used + 1, resetSeconds);
    }
}

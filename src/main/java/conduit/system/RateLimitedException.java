package conduit.system;

import conduit.ratelimit.Decision;

import java.util.List;

/** A rate limit was reached; the client should wait {@code decision.resetSeconds()} seconds. */
public final class RateLimitedException extends ServiceException {

    private final Decision decision;

    public RateLimitedException(Decision decision) {
        super(List.of(Errors.rateLimited(decision.resetSeconds())));
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }
}

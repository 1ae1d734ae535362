package conduit.system;

import conduit.ratelimit.Decision;

/** A rate limit was reached; the client should wait {@code decision.resetSeconds()} seconds. */
public final class RateLimitedException extends ServiceException {

    private final Decision decision;

    public RateLimitedException(Decision decision) {
        super("too many requests; try again in " + decision.resetSeconds() + " seconds");
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }
}

package conduit.system;

import java.util.List;

/**
 * A rate limit was reached; the client should wait {@code retryAfterSeconds}. It carries the figures of the limit, which
 * {@link ServiceExceptionHandler} reports in the RateLimit-* headers, and nothing of how limits are kept.
 */
public final class RateLimitedException extends ServiceException {

    private final RateLimitState state;

    public RateLimitedException(RateLimitState state) {
        super(List.of(Errors.rateLimited(state.retryAfterSeconds())));
        this.state = state;
    }

    public RateLimitState state() {
        return state;
    }
}

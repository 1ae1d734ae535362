package conduit.user;

import conduit.ratelimit.Decision;
import conduit.ratelimit.RateLimiter;
import conduit.ratelimit.RateLimits;
import conduit.system.RateLimitedException;
import jakarta.inject.Singleton;

/**
 * Brute-force protection for login: failed attempts are counted per client address and per
 * account; once either limit is reached, further attempts are refused (429) before the password is
 * even checked, until the window ends. Successful logins are not counted.
 */
@Singleton
class LoginThrottle {

    private final RateLimits limits;
    private final RateLimiter limiter;

    LoginThrottle(RateLimits limits, RateLimiter limiter) {
        this.limits = limits;
        this.limiter = limiter;
    }

    void checkAllowed(String clientAddress, String email) {
        if (!limits.enabled()) {
            return;
        }
        refuseIfExhausted(limiter.peek(addressBucket(clientAddress), limits.failedLoginsPerAddress()));
        refuseIfExhausted(limiter.peek(accountBucket(email), limits.failedLoginsPerAccount()));
    }

    void recordFailure(String clientAddress, String email) {
        if (!limits.enabled()) {
            return;
        }
        limiter.hit(addressBucket(clientAddress), limits.failedLoginsPerAddress());
        limiter.hit(accountBucket(email), limits.failedLoginsPerAccount());
    }

    private static void refuseIfExhausted(Decision failuresSoFar) {
        Decision thisAttempt = failuresSoFar.withOneMore();
        if (!thisAttempt.allowed()) {
            throw new RateLimitedException(thisAttempt);
        }
    }

    private static String addressBucket(String clientAddress) {
        return "failed-logins:address:" + clientAddress;
    }

    private static String accountBucket(String email) {
        return "failed-logins:account:" + email;
    }
}

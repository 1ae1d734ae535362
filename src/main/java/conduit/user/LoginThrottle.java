package conduit.user;

import conduit.ratelimit.Decision;
import conduit.ratelimit.RateLimitHeaders;
import conduit.ratelimit.RateLimiter;
import conduit.ratelimit.RateLimits;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;

/**
 * Brute-force protection for login: failed attempts take a token from a bucket per client address and one per
 * account; while either bucket is empty, further attempts are refused (429) before the password is even checked,
 * until it refills. Successful logins take nothing.
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
        Decision byAddress = limiter.peek(addressBucket(clientAddress), limits.failedLoginsPerAddress());
        report(byAddress);
        refuseIfExhausted(byAddress);
        refuseIfExhausted(limiter.peek(accountBucket(email), limits.failedLoginsPerAccount()));
    }

    void recordFailure(String clientAddress, String email) {
        if (!limits.enabled()) {
            return;
        }
        report(limiter.hit(addressBucket(clientAddress), limits.failedLoginsPerAddress()));
        limiter.hit(accountBucket(email), limits.failedLoginsPerAccount());
    }

    /** Every login answer tells the client how many failed attempts its address has left (RateLimit-* headers). */
    private static void report(Decision byAddress) {
        ServerRequestContext.currentRequest().ifPresent(request -> RateLimitHeaders.remember(request, byAddress));
    }

    private static void refuseIfExhausted(Decision beforeThisAttempt) {
        if (!beforeThisAttempt.allowed()) {
            throw beforeThisAttempt.refusal();
        }
    }

    private static String addressBucket(String clientAddress) {
        return "failed-logins:address:" + clientAddress;
    }

    private static String accountBucket(String email) {
        return "failed-logins:account:" + email;
    }
}

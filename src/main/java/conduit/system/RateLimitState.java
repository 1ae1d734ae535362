package conduit.system;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;

/**
 * Where a client stands against one limit, as a response reports it: the RateLimit-* fields (IETF
 * httpapi-ratelimit-headers: the limit, what remains, seconds until it is fully restored) and, once refused,
 * Retry-After (seconds until the next request would be allowed).
 */
public record RateLimitState(int limit, long remaining, long resetSeconds, long retryAfterSeconds, String policy,
                             boolean refused) {

    public void addHeadersTo(MutableHttpResponse<?> response) {
        response.header("RateLimit-Limit", Integer.toString(limit));
        response.header("RateLimit-Remaining", Long.toString(remaining));
        response.header("RateLimit-Reset", Long.toString(resetSeconds));
        response.header("RateLimit-Policy", policy);
        if (refused) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
    }
}

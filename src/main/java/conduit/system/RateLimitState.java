package conduit.system;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;

/**
 * Where a client stands against one limit, as a response reports it: the RateLimit-* fields (IETF
 * httpapi-ratelimit-headers) and, once refused, Retry-After.
 */
public record RateLimitState(int limit, int remaining, long resetSeconds, String policy, boolean refused) {

    public void addHeadersTo(MutableHttpResponse<?> response) {
        response.header("RateLimit-Limit", Integer.toString(limit));
        response.header("RateLimit-Remaining", Integer.toString(remaining));
        response.header("RateLimit-Reset", Long.toString(resetSeconds));
        response.header("RateLimit-Policy", policy);
        if (refused) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(resetSeconds));
        }
    }
}

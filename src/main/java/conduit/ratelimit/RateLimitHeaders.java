package conduit.ratelimit;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;

/** The RateLimit-* fields (IETF httpapi-ratelimit-headers) and Retry-After. */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    static final String ATTRIBUTE = RateLimitHeaders.class.getName() + ".decision";

    /** The decision the response to this request reports in its RateLimit-* headers (RateLimitFilter adds them). */
    public static void remember(HttpRequest<?> request, Decision decision) {
        request.setAttribute(ATTRIBUTE, decision);
    }

    public static void add(MutableHttpResponse<?> response, Decision decision) {
        response.header("RateLimit-Limit", Integer.toString(decision.limit().requests()));
        response.header("RateLimit-Remaining", Integer.toString(decision.remaining()));
        response.header("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        response.header("RateLimit-Policy", decision.limit().policy());
        if (!decision.allowed()) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(decision.resetSeconds()));
        }
    }
}

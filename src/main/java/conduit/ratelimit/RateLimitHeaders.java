package conduit.ratelimit;

import io.micronaut.http.HttpRequest;

import java.util.Optional;

/** The decision a response reports in its RateLimit-* headers, kept with the request until RateLimitFilter adds them. */
public final class RateLimitHeaders {

    private static final String ATTRIBUTE = RateLimitHeaders.class.getName() + ".decision";

    private RateLimitHeaders() {
    }

    public static void remember(HttpRequest<?> request, Decision decision) {
        request.setAttribute(ATTRIBUTE, decision);
    }

    static Optional<Decision> remembered(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Decision.class);
    }
}

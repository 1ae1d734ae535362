package conduit.system;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Headers every response carries. API responses are JSON for programs, never pages, so they also
 * forbid any content and framing; the Swagger UI pages keep their own scripts and styles.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class SecurityHeadersFilter {

    private static final String HSTS = "max-age=31536000; includeSubDomains";

    private final boolean hsts;

    SecurityHeadersFilter(@Value("${conduit.security.hsts:false}") boolean hsts) {
        this.hsts = hsts;
    }

    @ResponseFilter
    void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.header("X-Frame-Options", "DENY");
        if (request.getPath().startsWith("/api/")) {
            response.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        }
        if (hsts) {
            response.header("Strict-Transport-Security", HSTS);
        }
    }
}

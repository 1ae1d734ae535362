package conduit.system;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A request that names an {@code Origin} comes from a page in a browser; it is served only when that origin is
 * allowed by configuration: the frontends' origins (CONDUIT_CORS_ORIGINS) or the service's own (CONDUIT_PUBLIC_ORIGINS,
 * where Swagger UI runs; by default localhost and 127.0.0.1 on the service's own port). Nothing the client
 * chooses, such as the Host header, widens that. Requests without an Origin (curl, SDKs, mobile apps) pass.
 */
@ServerFilter("/api/**")
final class OriginFilter implements Ordered {

    private final Set<String> frontends;
    private final Set<String> own;

    OriginFilter(@Value("${conduit.cors.origins}") String frontends, @Value("${conduit.http.public-origins}") String own) {
        this.frontends = Set.copyOf(split(frontends));
        this.own = Set.copyOf(split(own));
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 5;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin == null || frontends.contains(origin) || isOwn(origin, request)) {
            return null;
        }
        return Errors.response(HttpStatus.FORBIDDEN, new Problem("origin", "is not allowed"));
    }

    /** The configured own origins, or else localhost and 127.0.0.1 on the port this request reached (not its Host). */
    private boolean isOwn(String origin, HttpRequest<?> request) {
        if (!own.isEmpty()) {
            return own.contains(origin);
        }
        int port = request.getServerAddress().getPort();
        return origin.equals("http://localhost:" + port) || origin.equals("http://127.0.0.1:" + port);
    }

    private static List<String> split(String origins) {
        return Arrays.stream(origins.split(",")).map(String::trim).filter(origin -> !origin.isEmpty()).toList();
    }
}

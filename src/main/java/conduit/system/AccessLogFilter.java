package conduit.system;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.regex.Pattern;


/**
 * One structured log line per request, on the "conduit.access" logger: method, route template,
 * status, duration and request id. Never the raw path, query, headers or body, so no token,
 * password or personal data reaches the logs. X-Request-Id is taken from a trusted proxy, or made
 * here, and returned on every response so clients and proxies can quote it.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class AccessLogFilter implements Ordered {

    static final String REQUEST_ID = "X-Request-Id";
    private static final Logger ACCESS = LoggerFactory.getLogger("conduit.access");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String STARTED = AccessLogFilter.class.getName() + ".started";
    private static final String ID = AccessLogFilter.class.getName() + ".id";

    private final ClientAddress clientAddress;

    AccessLogFilter(ClientAddress clientAddress) {
        this.clientAddress = clientAddress;
    }

    /** First in, last out: the duration covers every other filter. */
    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    @RequestFilter
    void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
        String forwarded = request.getHeaders().get(REQUEST_ID);
        boolean believable = forwarded != null && SAFE_ID.matcher(forwarded).matches() && clientAddress.fromTrustedProxy(request);
        request.setAttribute(ID, believable ? forwarded : UUID.randomUUID().toString());
    }

    @ResponseFilter
    void log(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String id = request.getAttribute(ID, String.class).orElseGet(() -> UUID.randomUUID().toString());
        response.header(REQUEST_ID, id);
        long started = request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
        double millis = (System.nanoTime() - started) / 1_000_000.0;
        // WebSocket upgrades carry the route but not the template attribute; never fall back to the raw path.
        String route = BasicHttpAttributes.getUriTemplate(request)
                .or(() -> RouteAttributes.getRouteInfo(request)
                        .filter(UriRouteInfo.class::isInstance)
                        .map(info -> ((UriRouteInfo<?, ?>) info).getUriMatchTemplate().toString()))
                .orElse("unmatched");
        ACCESS.info("{} {} {} {} {}", LogField.of("method", request.getMethodName()), LogField.of("route", route),
                LogField.of("status", response.code()), LogField.of("duration_ms", Math.round(millis * 10) / 10.0),
                LogField.of("request_id", id));
    }
}

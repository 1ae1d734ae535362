package conduit.ratelimit;

import conduit.system.ClientAddress;
import conduit.system.Errors;
import conduit.system.PresentFields;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;

import java.util.List;
import java.util.Set;

/**
 * Registrations and contact messages per client address, and writes per user. Runs after the security filter, so it
 * knows the user, and before the controller, so a refused request does no work. Failed logins are
 * limited where they are recognised, in the user service.
 */
@ServerFilter("/api/**")
final class RateLimitFilter implements Ordered {

    /** The methods our writing operations use; anything else (PATCH) is no operation and gets its 405, not a 429. */
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE);

    private final RateLimits limits;
    private final RateLimiter limiter;
    private final ClientAddress clientAddress;

    RateLimitFilter(RateLimits limits, RateLimiter limiter, ClientAddress clientAddress) {
        this.limits = limits;
        this.limiter = limiter;
        this.clientAddress = clientAddress;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<?> count(HttpRequest<?> request) {
        if (!limits.enabled() || !WRITES.contains(request.getMethod())) {
            return null;
        }
        Decision decision;
        boolean post = request.getMethod() == HttpMethod.POST;
        if (post && request.getPath().equals("/api/users")) {
            decision = limiter.hit("registrations:" + clientAddress.of(request), limits.registrationsPerAddress());
        } else if (post && request.getPath().equals("/api/contact")) {
            decision = limiter.hit("contact:" + clientAddress.of(request), limits.contactMessagesPerAddress());
        } else {
            var user = request.getUserPrincipal(Authentication.class);
            if (user.isEmpty() || request.getPath().equals("/api/users/login") || revokesCredentials(request)) {
                return null;
            }
            decision = limiter.hit("writes:" + user.get().getName(), limits.writesPerUser());
        }
        RateLimitHeaders.remember(request, decision);
        if (decision.allowed()) {
            return null;
        }
        MutableHttpResponse<?> refused = Errors.response(HttpStatus.TOO_MANY_REQUESTS, decision.refusal().problems());
        decision.state().addHeadersTo(refused);
        return refused;
    }

    /**
     * Logging out and changing the password are how a user takes a stolen token back; whoever holds the token
     * must not be able to spend the budget that would let them. (Refreshing needs no token, so no user budget.)
     * A password change costs an Argon2 hash, whose concurrency PasswordHasher bounds for everyone.
     */
    private static boolean revokesCredentials(HttpRequest<?> request) {
        String path = request.getPath();
        return path.equals("/api/auth/logout") || path.equals("/api/auth/logout-all")
                || (path.equals("/api/user") && request.getMethod() == HttpMethod.PUT
                    && PresentFields.of(request, "user").map(fields -> fields.contains("password")).orElse(false));
    }

    @ResponseFilter
    void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        RateLimitHeaders.remembered(request).ifPresent(decision -> {
            if (decision.allowed()) {
                decision.state().addHeadersTo(response);
            }
        });
    }
}

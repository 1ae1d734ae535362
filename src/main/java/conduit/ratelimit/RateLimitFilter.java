package conduit.ratelimit;

import conduit.auth.CurrentUser;
import conduit.system.ClientAddress;
import conduit.system.Errors;
import conduit.system.OperationPolicies;
import conduit.system.PresentFields;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
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
import java.util.Optional;

/**
 * Registrations and contact messages per client address, and writes per user (per API token for calls made with
 * one), as each operation's x-rate-limit in
 * the contract says. Runs after the security filter, so it knows the user, and before the controller, so a refused
 * request does no work. Failed logins are limited where they are recognised, in the user service.
 */
@ServerFilter("/api/**")
final class RateLimitFilter implements Ordered {


    private final OperationPolicies policies;
    private final RateLimits limits;
    private final RateLimiter limiter;
    private final ClientAddress clientAddress;

    RateLimitFilter(OperationPolicies policies, RateLimits limits, RateLimiter limiter, ClientAddress clientAddress) {
        this.policies = policies;
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
        if (!limits.enabled()) {
            return null;
        }
        var budget = policies.of(request).map(OperationPolicies.Policy::rateLimit).orElse(OperationPolicies.RateLimit.NONE);
        var user = request.getUserPrincipal(Authentication.class);
        Decision decision = switch (budget) {
            case REGISTRATIONS -> limiter.hit("registrations:" + clientAddress.of(request), limits.registrationsPerAddress());
            case CONTACT_MESSAGES -> limiter.hit("contact:" + clientAddress.of(request), limits.contactMessagesPerAddress());
            case WRITES -> writes(user);
            case WRITES_EXCEPT_PASSWORD_CHANGE -> changesPassword(request) ? null : writes(user);
            // Failed logins are counted in the user service, which alone knows that a login failed.
            case FAILED_LOGINS, NONE -> null;
        };
        if (decision == null) {
            return null;
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
     * One write against the caller's budget: the user's, or an API token's own (so one integration cannot spend its
     * owner's budget, nor another integration's). Anonymous callers (refused later with 401) spend none.
     */
    @Nullable
    private Decision writes(Optional<Authentication> user) {
        return user.map(u -> limiter.hit(writer(u), limits.writesPerUser())).orElse(null);
    }

    private static String writer(Authentication caller) {
        Object apiToken = caller.getAttributes().get(CurrentUser.API_TOKEN_ID);
        return apiToken == null ? "writes:" + caller.getName() : "writes:token:" + apiToken;
    }

    /**
     * Changing the password, like logging out (x-rate-limit: none), is how a user takes a stolen token back: whoever
     * holds the token must not be able to spend the budget that would let them. A password change costs an Argon2
     * hash, whose concurrency PasswordHasher bounds for everyone.
     */
    private static boolean changesPassword(HttpRequest<?> request) {
        return PresentFields.of(request, "user").map(fields -> fields.contains("password")).orElse(false);
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

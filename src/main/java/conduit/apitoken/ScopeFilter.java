package conduit.apitoken;

import conduit.auth.CurrentUser;
import conduit.system.Errors;
import conduit.system.OperationPolicies;
import conduit.system.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;

import java.util.Collection;

/**
 * Holds an API token to its scopes, as each operation's x-scope in the contract says: {@code none} lets any token
 * through, {@code session} refuses every API token, anything else must be among the token's scopes (403
 * {@code token: needs the scope ...}). Runs right after the security filter, which has authenticated the token,
 * and before the rate limiter, so a refused call spends no budget. Session tokens (JWTs) are not its business.
 */
@ServerFilter("/api/**")
final class ScopeFilter implements Ordered {

    private final OperationPolicies policies;

    ScopeFilter(OperationPolicies policies) {
        this.policies = policies;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after() - 1;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        var authentication = request.getUserPrincipal(Authentication.class);
        if (authentication.isEmpty() || !authentication.get().getAttributes().containsKey(CurrentUser.API_TOKEN_ID)) {
            return null;
        }
        var policy = policies.of(request);
        if (policy.isEmpty()) {
            return null;
        }
        String needed = policy.get().scope();
        if (needed.equals(OperationPolicies.ANY_TOKEN)) {
            return null;
        }
        if (needed.equals(OperationPolicies.SESSION_ONLY)) {
            return Errors.response(HttpStatus.FORBIDDEN, new Problem("token", CurrentUser.SESSION_NEEDED));
        }
        Object granted = authentication.get().getAttributes().get(CurrentUser.API_TOKEN_SCOPES);
        if (granted instanceof Collection<?> scopes && scopes.contains(needed)) {
            return null;
        }
        return Errors.response(HttpStatus.FORBIDDEN, new Problem("token", "needs the scope " + needed));
    }
}

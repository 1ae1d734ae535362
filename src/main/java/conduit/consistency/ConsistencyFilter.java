package conduit.consistency;

import conduit.system.Errors;
import conduit.system.OperationPolicies;
import conduit.system.OperationPolicies.Consistency;
import conduit.system.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.List;
import java.util.Optional;

/**
 * Read-your-writes with a read replica, as the contract declares it per operation (see {@link OperationPolicies}):
 * which reads may be served by the replica. (Writes answer their token: {@link WriteTokenFilter}.) A read that may
 * be served by the replica is allowed there
 * <ul>
 *   <li>with a consistency token: only once the replica has replayed up to it (else the primary answers);</li>
 *   <li>without one but with an {@code Authorization} header: never, so a signed-in user with an unmodified
 *       RealWorld frontend, which sends no token, always sees their own writes;</li>
 *   <li>anonymous and without a token: at whatever lag the replica has.</li>
 * </ul>
 * A value that is not a token is 422, before any work.
 */
@ServerFilter("/api/**")
final class ConsistencyFilter {

    private final OperationPolicies policies;

    ConsistencyFilter(OperationPolicies policies) {
        this.policies = policies;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> route(HttpRequest<?> request) {
        if (policies.of(request).map(OperationPolicies.Policy::consistency).orElse(Consistency.NONE) != Consistency.READ) {
            return null;
        }
        List<String> tokens = request.getHeaders().getAll(OperationPolicies.CONSISTENCY_TOKEN);
        if (tokens.isEmpty()) {
            if (!request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
                new ReplicaAllowance(Optional.empty()).attachTo(request);
            }
            return null;
        }
        Optional<String> position = tokens.size() == 1 ? ConsistencyTokens.parse(tokens.get(0)) : Optional.empty();
        if (position.isEmpty()) {
            return Errors.response(HttpStatus.UNPROCESSABLE_ENTITY,
                    List.of(new Problem(OperationPolicies.CONSISTENCY_TOKEN, "is invalid")));
        }
        new ReplicaAllowance(position).attachTo(request);
        return null;
    }
}

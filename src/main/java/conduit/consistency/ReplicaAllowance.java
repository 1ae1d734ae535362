package conduit.consistency;

import io.micronaut.http.HttpRequest;

import java.util.Optional;

/**
 * What {@link ConsistencyFilter} decided for a routed read: it may be served by the replica, either at any lag (an
 * anonymous read without a token) or only once the replica has replayed the token's position.
 */
record ReplicaAllowance(Optional<String> caughtUpTo) {

    private static final String ATTRIBUTE = ReplicaAllowance.class.getName();

    void attachTo(HttpRequest<?> request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    static Optional<ReplicaAllowance> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, ReplicaAllowance.class);
    }
}

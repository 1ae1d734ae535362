package conduit.consistency;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;

/**
 * What {@link ConsistencyFilter} decided about the current request, for a feature that keeps copies of its own (a
 * cache): whether the answer may lag the latest writes. Only an anonymous read without a consistency token may; a
 * read with either must see every write it is owed, so it bypasses such copies.
 */
public final class ReadConsistency {

    private ReadConsistency() {
    }

    /** True for a replica-readable read that is anonymous and carries no consistency token. */
    public static boolean mayLag(HttpRequest<?> request) {
        return ReplicaAllowance.of(request).map(allowance -> allowance.caughtUpTo().isEmpty()).orElse(false);
    }

    /** {@link #mayLag(HttpRequest)} for the request being served on this thread; false outside a request. */
    public static boolean currentMayLag() {
        return ServerRequestContext.currentRequest().map(ReadConsistency::mayLag).orElse(false);
    }
}

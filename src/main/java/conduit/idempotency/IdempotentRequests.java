package conduit.idempotency;

import conduit.system.Problem;
import conduit.auth.CurrentUser;
import conduit.system.Etags;
import conduit.system.InvalidInputException;
import conduit.system.OperationPolicies;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Makes a POST safe to retry. With an Idempotency-Key, the work and the record of its response commit in the
 * service's one transaction: a retry with the same key and body gets the stored response back (marked
 * Idempotent-Replayed) without the work being done again; a concurrent retry waits for the first to finish and
 * then replays it; a failed request stores nothing, so its retry runs afresh. Without a key the same service
 * method runs in the same single transaction, only nothing is recorded.
 */
@Singleton
public final class IdempotentRequests {

    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final IdempotencyQueries queries;
    private final CurrentUser currentUser;
    private final JsonMapper json;
    private final OperationPolicies policies;

    IdempotentRequests(IdempotencyQueries queries, CurrentUser currentUser, JsonMapper json, OperationPolicies policies) {
        this.policies = policies;
        this.queries = queries;
        this.currentUser = currentUser;
        this.json = json;
    }

    /**
     * The request's key, if any, for a service to {@link Once#run run} its work under. The key is bound to what
     * is done and to what: the routed operation and its path ("createArticleComment /api/articles/how-to-train/comments"),
     * so a key reused elsewhere counts as a different request. The operations that take a key are those whose
     * contract declares Idempotency-Key ({@link OperationPolicies.Policy#idempotent}); any other refuses to run. {@code respond} builds the response from what the service returned.
     */
    public <V, T> Once<V, T> once(@Nullable String key, Object request, Class<T> responseType,
                                  Function<V, MutableHttpResponse<T>> respond) {
        return once(key, request, responseType, respond, UnaryOperator.identity());
    }

    /** As above; {@code forStorage} removes what must not be kept at rest (a token) from the stored copy. */
    public <V, T> Once<V, T> once(@Nullable String key, Object request, Class<T> responseType,
                                  Function<V, MutableHttpResponse<T>> respond, UnaryOperator<T> forStorage) {
        return new Once<>(queries, json, claim(key, request), responseType, respond, forStorage);
    }

    private Once.@Nullable Claim claim(@Nullable String key, Object request) {
        if (key == null) {
            return null;
        }
        if (!KEY.matcher(key).matches()) {
            throw new InvalidInputException(new Problem("Idempotency-Key", "must be 1 to 255 visible ASCII characters"));
        }
        String scope = currentUser.id().stream().mapToObj(id -> "user:" + id).findFirst().orElse("anonymous");
        var current = ServerRequestContext.currentRequest()
                .orElseThrow(() -> new IllegalStateException("an idempotent operation runs outside a request"));
        String operationId = OperationPolicies.operationId(current)
                .orElseThrow(() -> new IllegalStateException("an idempotent operation runs outside a routed request"));
        if (!policies.of(operationId).map(OperationPolicies.Policy::idempotent).orElse(false)) {
            throw new IllegalStateException(operationId + " takes an Idempotency-Key, but the contract does not declare it");
        }
        String operation = operationId + " " + current.getPath();
        String fingerprint = Etags.of((operation + "\n" + serialize(request)).getBytes(StandardCharsets.UTF_8));
        return new Once.Claim(scope, key, fingerprint);
    }

    private String serialize(Object request) {
        try {
            return json.writeValueAsString(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

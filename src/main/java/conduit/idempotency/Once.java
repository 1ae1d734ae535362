package conduit.idempotency;

import conduit.system.InvalidInputException;
import conduit.system.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One POST's Idempotency-Key, if it carried one, with how its response is built ({@link IdempotentRequests#once}).
 * The service that owns the write calls {@link #run} inside its transaction, with or without a key; the
 * controller turns the outcome into the response with {@link #response}. V is what the service returns, T the
 * wire body, which the service never sees.
 */
public final class Once<V, T> {

    /** Who sent the key, the key, and what the request asked (operation, path and body, hashed). */
    record Claim(String scope, String key, String fingerprint) {
    }

    private final IdempotencyQueries queries;
    private final JsonMapper json;
    private final @Nullable Claim claim;
    private final Class<T> type;
    private final Function<V, MutableHttpResponse<T>> respond;
    private final UnaryOperator<T> forStorage;

    Once(IdempotencyQueries queries, JsonMapper json, @Nullable Claim claim, Class<T> type,
         Function<V, MutableHttpResponse<T>> respond, UnaryOperator<T> forStorage) {
        this.queries = queries;
        this.json = json;
        this.claim = claim;
        this.type = type;
        this.respond = respond;
        this.forStorage = forStorage;
    }

    /**
     * Does the work, in the caller's transaction, unless the key was already used: then the work is not done and
     * the first response is replayed. Claiming the key is an insert that a concurrent claim of the same key waits
     * on until this transaction ends; it then finds the stored response (or, if this one rolled back, claims the
     * key itself). The key, the work and the stored response commit or roll back together.
     */
    public Outcome<V> run(Supplier<V> work) {
        // Checked with or without a key, so a service that forgot its transaction fails on every request alike.
        queries.requireTransaction();
        if (claim == null) {
            return new Outcome.Done<>(work.get());
        }
        queries.forgetExpired(claim.scope(), claim.key());
        if (!queries.claim(claim.scope(), claim.key(), claim.fingerprint())) {
            var stored = queries.find(claim.scope(), claim.key());
            if (!stored.fingerprint().equals(claim.fingerprint())) {
                throw new InvalidInputException(new Problem("Idempotency-Key", "was already used for a different request"));
            }
            return new Outcome.Replayed<>(stored);
        }
        V value = work.get();
        MutableHttpResponse<T> response = respond.apply(value);
        queries.record(claim.scope(), claim.key(), response.code(), serialize(forStorage.apply(response.body())),
                response.getHeaders().get(HttpHeaders.LOCATION));
        return new Outcome.Done<>(value);
    }

    /** The response to send: built from what was done, or the stored one, marked Idempotent-Replayed. */
    public MutableHttpResponse<T> response(Outcome<V> outcome) {
        if (outcome instanceof Outcome.Replayed<V> replayed) {
            return replay(replayed.response());
        }
        return respond.apply(((Outcome.Done<V>) outcome).value());
    }

    private MutableHttpResponse<T> replay(IdempotencyQueries.Stored stored) {
        MutableHttpResponse<T> response = HttpResponse.<T>status(HttpStatus.valueOf(stored.status()))
                .body(deserialize(stored.body()))
                .header(IdempotentRequests.REPLAYED, "true");
        if (stored.location() != null) {
            response.header(HttpHeaders.LOCATION, stored.location());
        }
        return response;
    }

    private String serialize(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private T deserialize(String body) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package conduit.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the edge does with each operation, as the contract declares it next to the operation: {@code x-rate-limit}
 * (which budget a call spends), {@code x-cache} (how its answer may be kept), {@code x-scope} (what an API token
 * needs to call it), whether it takes an
 * {@code Idempotency-Key} (the header parameter itself is the declaration), and its part in read-your-writes: a read
 * that may be served by a read replica declares the {@code Conduit-Consistency-Token} header parameter, a write
 * declares the header of that name on its successful responses. Read once from the served contract into
 * a table keyed by operationId; filters and {@code IdempotentRequests} look a request up here, never by its path.
 */
@Singleton
public final class OperationPolicies {

    /** The budget a call spends; failed logins are counted where they are recognised, in the user service. */
    public enum RateLimit { NONE, REGISTRATIONS, CONTACT_MESSAGES, WRITES, WRITES_EXCEPT_PASSWORD_CHANGE, FAILED_LOGINS }

    /**
     * NO_STORE: the answer carries a secret (a token, a ticket); PER_CALLER: an ETag, private when a token was sent;
     * SHARED: an ETag, public, the same for everyone; NONE: nothing is said.
     */
    public enum Cache { NONE, NO_STORE, PER_CALLER, SHARED }

    /**
     * {@code idempotent}: the operation declares the Idempotency-Key header, so a retry with its key is replayed.
     * {@code scope}: what an API token needs to call it: one of {@link #SCOPES}, {@link #ANY_TOKEN} (the operation
     * is open to everyone) or {@link #SESSION_ONLY} (API tokens are refused: a signed-in session is needed).
     */
    public record Policy(RateLimit rateLimit, Cache cache, boolean idempotent, String scope, Consistency consistency) {
    }

    /**
     * READ: the answer may come from a read replica, as fresh as the request's consistency token asks; WRITE: a
     * successful answer carries the token of the write; NONE: neither (the primary answers).
     */
    public enum Consistency { NONE, READ, WRITE }

    /** The scopes an API token can be given (x-scope names one of them, or {@code none}, or {@code session}). */
    public static final Set<String> SCOPES = Set.of("articles:read", "articles:write", "comments:write",
            "profile:read", "profile:write", "webhooks:manage");
    public static final String ANY_TOKEN = "none";
    public static final String SESSION_ONLY = "session";

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String CONSISTENCY_TOKEN = "Conduit-Consistency-Token";

    static final String CONTRACT = "api-spec/openapi.yaml";

    private final Map<String, Policy> byOperation;

    OperationPolicies() {
        this(read(CONTRACT));
    }

    OperationPolicies(Map<String, Policy> byOperation) {
        this.byOperation = Map.copyOf(byOperation);
    }

    /** The policy of the operation this request was routed to; empty for a path or method that is no operation. */
    public Optional<Policy> of(HttpRequest<?> request) {
        return operationId(request).map(byOperation::get);
    }

    /** The operationId of the operation this request was routed to: the generated method's name. */
    public static Optional<String> operationId(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .filter(match -> match instanceof MethodBasedRouteMatch<?, ?>)
                .map(match -> ((MethodBasedRouteMatch<?, ?>) match).getMethodName());
    }

    public Optional<Policy> of(String operationId) {
        return Optional.ofNullable(byOperation.get(operationId));
    }

    /** Every operation's policy; fails on an operation without one or with a class this service does not know. */
    @SuppressWarnings("unchecked")
    static Map<String, Policy> parse(Map<String, Object> contract) {
        Map<String, Policy> policies = new HashMap<>();
        var paths = (Map<String, Map<String, Object>>) contract.get("paths");
        paths.forEach((path, item) -> item.forEach((method, value) -> {
            if (!(value instanceof Map<?, ?> operation) || operation.get("operationId") == null) {
                return;
            }
            String id = (String) operation.get("operationId");
            policies.put(id, new Policy(value(RateLimit.class, operation.get("x-rate-limit"), id, "x-rate-limit"),
                    value(Cache.class, operation.get("x-cache"), id, "x-cache"),
                    takesHeader(contract, operation.get("parameters"), IDEMPOTENCY_KEY), scope(operation.get("x-scope"), id),
                    consistency(contract, (Map<String, Object>) operation, id)));
        }));
        return policies;
    }

    private static String scope(@Nullable Object declared, String operationId) {
        if (!(declared instanceof String name)) {
            throw new IllegalStateException(operationId + " declares no x-scope in " + CONTRACT);
        }
        if (!name.equals(ANY_TOKEN) && !name.equals(SESSION_ONLY) && !SCOPES.contains(name)) {
            throw new IllegalStateException(operationId + ": unknown x-scope '" + name + "' in " + CONTRACT);
        }
        return name;
    }

    @SuppressWarnings("unchecked")
    private static Consistency consistency(Map<String, Object> contract, Map<String, Object> operation, String id) {
        boolean read = takesHeader(contract, operation.get("parameters"), CONSISTENCY_TOKEN);
        var responses = (Map<Object, Object>) operation.getOrDefault("responses", Map.of());
        boolean write = responses.entrySet().stream()
                .filter(response -> String.valueOf(response.getKey()).startsWith("2"))
                .map(response -> (Map<String, Object>) response.getValue())
                .anyMatch(response -> response.get("headers") instanceof Map<?, ?> headers
                        && headers.containsKey(CONSISTENCY_TOKEN));
        if (read && write) {
            throw new IllegalStateException(id + " both takes and answers " + CONSISTENCY_TOKEN + " in " + CONTRACT);
        }
        return read ? Consistency.READ : write ? Consistency.WRITE : Consistency.NONE;
    }

    /** A header parameter of this name, given in place or as a $ref to components/parameters. */
    @SuppressWarnings("unchecked")
    private static boolean takesHeader(Map<String, Object> contract, @Nullable Object parameters, String name) {
        if (!(parameters instanceof List<?> list)) {
            return false;
        }
        var components = (Map<String, Object>) contract.getOrDefault("components", Map.of());
        var shared = (Map<String, Object>) components.getOrDefault("parameters", Map.of());
        for (Object item : list) {
            Map<String, Object> parameter = (Map<String, Object>) item;
            if (parameter.get("$ref") instanceof String ref && ref.startsWith("#/components/parameters/")) {
                parameter = (Map<String, Object>) shared.getOrDefault(ref.substring(ref.lastIndexOf('/') + 1), Map.of());
            }
            if (name.equals(parameter.get("name")) && "header".equals(parameter.get("in"))) {
                return true;
            }
        }
        return false;
    }

    private static <E extends Enum<E>> E value(Class<E> type, @Nullable Object declared, String operationId, String field) {
        if (!(declared instanceof String name)) {
            throw new IllegalStateException(operationId + " declares no " + field + " in " + CONTRACT);
        }
        try {
            return Enum.valueOf(type, name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(operationId + ": unknown " + field + " '" + name + "' in " + CONTRACT, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Policy> read(String resource) {
        try (InputStream in = OperationPolicies.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return parse((Map<String, Object>) new Yaml().load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

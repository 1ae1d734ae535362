package conduit.support;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Holds the keys of every error body a test receives to what the contract documents: the operation's
 * {@code x-error-keys} for 401, 403, 404, 409 and 422, and the one key each of the statuses that are about
 * the request as a whole (described in the contract's info), and {@code route} for a 404 whose path the router
 * did not match. A key the contract does not name is a
 * contract violation, like an undocumented status.
 */
final class ErrorKeys {

    private static final Map<Integer, String> REQUEST_KEYS = Map.of(400, "request", 405, "method", 406, "accept", 413, "request",
            414, "uri", 415, "contentType", 429, "rateLimit", 431, "headers", 503, "service");
    private static final Set<Integer> PER_OPERATION = Set.of(401, 403, 404, 409, 422);

    private record Documented(String method, Pattern path, Map<String, List<String>> keys) {
    }

    private static final List<Documented> OPERATIONS = read();
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private ErrorKeys() {
    }

    /** The problems with the error keys of this response; empty when they are documented. */
    static List<String> problems(String method, String path, int status, String body) {
        if (status < 400 || body.isEmpty() || !body.startsWith("{")) {
            return List.of();
        }
        Set<String> keys = keysOf(body);
        Set<String> allowed = new HashSet<>();
        if (PER_OPERATION.contains(status)) {
            var operation = OPERATIONS.stream()
                    .filter(o -> o.method().equals(method) && o.path().matcher(path).matches())
                    .findFirst();
            if (operation.isEmpty()) {
                return List.of();
            }
            allowed.addAll(operation.get().keys().getOrDefault(Integer.toString(status), List.of()));
            if (status == 404) {
                allowed.add("route");
            }
        } else if (REQUEST_KEYS.containsKey(status)) {
            allowed.add(REQUEST_KEYS.get(status));
        } else {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            if (!allowed.contains(key)) {
                problems.add("error key '" + key + "' with status " + status + " is not documented (documented: "
                        + allowed + ")");
            }
        }
        return problems;
    }

    private static Set<String> keysOf(String body) {
        try {
            JsonNode errors = JSON.readValue(body, JsonNode.class).get("errors");
            Set<String> keys = new HashSet<>();
            if (errors != null && errors.isObject()) {
                errors.entries().forEach(entry -> keys.add(entry.getKey()));
            }
            return keys;
        } catch (IOException e) {
            return Set.of();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Documented> read() {
        OpenAPI spec = new OpenAPIV3Parser().read(ContractValidator.SPEC.toString());
        List<Documented> operations = new ArrayList<>();
        spec.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Object keys = operation.getExtensions() == null ? null : operation.getExtensions().get("x-error-keys");
            Pattern template = Pattern.compile(path.replaceAll("\\{[^}]+}", "[^/]+"));
            operations.add(new Documented(method.name(), template,
                    keys == null ? Map.of() : (Map<String, List<String>>) keys));
        }));
        return operations;
    }
}

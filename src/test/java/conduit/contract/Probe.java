package conduit.contract;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One request of the bad-input sweep: a valid call to an operation with one thing broken. Path values
 * and query are already URL-encoded (or deliberately not); path parameters left out get the real values
 * of the sweep's fixtures when the probe is sent, and the body is built afresh for every send, so a
 * probe never depends on what earlier probes changed.
 */
record Probe(String variant, Map<String, String> path, String query, Map<String, String> headers,
             @Nullable Supplier<byte[]> body, Expected expected) {

    enum Expected {
        /** A valid call, or one with extras the API ignores by design: anything but success means the sweep proves nothing. */
        SUCCESS,
        /** Input the contract refuses: must be a 4xx. */
        REJECTED,
        /** Accepting or refusing are both defensible; a 5xx is not. */
        NO_SERVER_ERROR
    }

    /** The valid call: real path values, the caller's token and, where the operation takes one, a valid JSON body. */
    static Probe valid(SweptOperation operation) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Authorization", "Token " + operation.token()));
        if (operation.validBody() != null) {
            headers.put("Content-Type", "application/json");
        }
        return new Probe("valid request", Map.of(), "", Map.copyOf(headers), operation.validBytes(), Expected.SUCCESS);
    }

    Probe as(String variant, Expected expected) {
        return new Probe(variant, path, query, headers, body, expected);
    }

    Probe withPath(String parameter, String encodedValue) {
        var values = new LinkedHashMap<>(path);
        values.put(parameter, encodedValue);
        return new Probe(variant, Map.copyOf(values), query, headers, body, expected);
    }

    Probe withQuery(String encodedQuery) {
        return new Probe(variant, path, encodedQuery, headers, body, expected);
    }

    Probe withHeader(String name, String value) {
        var all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Probe(variant, path, query, Map.copyOf(all), body, expected);
    }

    Probe withoutHeader(String name) {
        var all = new LinkedHashMap<>(headers);
        all.remove(name);
        return new Probe(variant, path, query, Map.copyOf(all), body, expected);
    }

    Probe withBody(@Nullable Supplier<byte[]> bytes) {
        return new Probe(variant, path, query, headers, bytes, expected);
    }

    Probe withText(Supplier<String> text) {
        return withBody(() -> text.get().getBytes(StandardCharsets.UTF_8));
    }

    /** The request target: the operation's path with real values where the probe sets none, plus its query. */
    String target(String pathTemplate, Map<String, String> realValues) {
        String target = pathTemplate;
        for (var value : realValues.entrySet()) {
            target = target.replace("{" + value.getKey() + "}", path.getOrDefault(value.getKey(), value.getValue()));
        }
        for (var value : path.entrySet()) {
            target = target.replace("{" + value.getKey() + "}", value.getValue());
        }
        return query.isEmpty() ? target : target + "?" + query;
    }
}

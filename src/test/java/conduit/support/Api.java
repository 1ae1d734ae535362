package conduit.support;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plain HTTP client for the running service: any method, header and raw body, no framework in
 * between. Every response is checked against the contract before the test sees it.
 */
@Singleton
public final class Api {

    private final HttpClient client = HttpClient.newHttpClient();
    private final String url;
    private final JsonMapper json;

    Api(ApplicationContext context, JsonMapper json) {
        this.url = urlOf(context);
        this.json = json;
    }

    /** The API's base URL of an application context started by ApiTestSupport's properties (no trailing slash). */
    public static String urlOf(ApplicationContext context) {
        int port = context.getProperty("micronaut.server.port", Integer.class)
                .filter(p -> p > 0)
                .orElseThrow(() -> new IllegalStateException("tests give the API a fixed port (ApiTestSupport)"));
        return "http://127.0.0.1:" + port;
    }

    public String url() {
        return url;
    }

    public int port() {
        return URI.create(url).getPort();
    }

    public Response get(String path, @Nullable String token) {
        return send("GET", path, null, token);
    }

    public Response post(String path, @Nullable String body, @Nullable String token) {
        return send("POST", path, body, token);
    }

    public Response put(String path, @Nullable String body, @Nullable String token) {
        return send("PUT", path, body, token);
    }

    public Response delete(String path, @Nullable String token) {
        return send("DELETE", path, null, token);
    }

    /** Sends with "Authorization: Token &lt;token&gt;" (RealWorld's scheme) when a token is given. */
    public Response send(String method, String path, @Nullable String body, @Nullable String token) {
        Map<String, String> headers = token == null ? Map.of() : Map.of("Authorization", "Token " + token);
        return send(method, path, body, headers);
    }

    public Response send(String method, String path, @Nullable String body, Map<String, String> headers) {
        return exchange(method, path, json(method, path, body, headers), true);
    }

    /**
     * As {@link #send}, but the answer is not held to the contract: only for a failure a test injects into the
     * server on purpose (a trigger raising in PostgreSQL), whose 500 the contract rightly does not document.
     */
    public Response sendDuringInjectedFailure(String method, String path, @Nullable String body,
                                              Map<String, String> headers) {
        return exchange(method, path, json(method, path, body, headers), false);
    }

    private HttpRequest.Builder json(String method, String path, @Nullable String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return request;
    }

    /**
     * Sends these bytes as they are (invalid UTF-8, say) with exactly these headers: unlike
     * {@link #send}, it adds no Content-Type, so a request can also go without one.
     */
    public Response sendBytes(String method, String path, @Nullable byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return exchange(method, path, request, true);
    }

    private Response exchange(String method, String path, HttpRequest.Builder request, boolean checked) {
        try {
            var response = client.send(request.build(), BodyHandlers.ofString());
            if (checked) {
                ContractValidator.check(method, path, response.statusCode(), response.headers().map(), response.body());
            }
            return new Response(response.statusCode(), response.headers().map(), response.body(), json);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    public record Response(int status, Map<String, List<String>> headers, String body, JsonMapper mapper) {

        public JsonNode json() {
            try {
                return mapper.readValue(body, JsonNode.class);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON (status " + status + "): " + body, e);
            }
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        /**
         * The RealWorld error problems as "key message" strings ("title can't be blank"), in the order of the
         * body, asserting it has exactly the {"errors":{"<key>":["<message>", ...]}} shape.
         */
        public List<String> errors() {
            List<String> problems = new java.util.ArrayList<>();
            errorMap().forEach((key, messages) -> messages.forEach(message -> problems.add(key + " " + message)));
            return problems;
        }

        /** The RealWorld error body as keys and their messages, in the order of the body. */
        public Map<String, List<String>> errorMap() {
            JsonNode root = json();
            if (root.size() != 1 || root.get("errors") == null || !root.get("errors").isObject()
                    || root.get("errors").size() == 0) {
                throw new AssertionError("not a RealWorld error body: " + body);
            }
            Map<String, List<String>> byKey = new java.util.LinkedHashMap<>();
            for (var entry : root.get("errors").entries()) {
                JsonNode messages = entry.getValue();
                if (!messages.isArray() || messages.size() == 0) {
                    throw new AssertionError("error key " + entry.getKey() + " without messages: " + body);
                }
                byKey.put(entry.getKey(), java.util.stream.IntStream.range(0, messages.size())
                        .mapToObj(i -> messages.get(i).getStringValue())
                        .toList());
            }
            return byKey;
        }
    }
}

package conduit.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.SpecOperations;
import conduit.support.Users;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.swagger.v3.oas.models.Operation;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input sweep: every operation in api-spec/openapi.yaml gets hundreds of malformed requests
 * generated from its own parameters and request schema (see {@link BodyProbes}, {@link ParameterProbes},
 * {@link TokenProbes}), each a valid call on real resources with one thing broken. No answer may be a
 * 5xx; every 4xx has the RealWorld error shape and nothing internal; input the contract refuses is never
 * accepted; and Api checks each answer's status and body against the operation in the spec. New
 * operations are swept without touching this test.
 */
@MicronautTest(transactional = false)
class BadInputSweepApiTest extends ApiTestSupport {

    private static final List<String> INTERNALS = List.of("Exception", "at conduit.", "java.", "javax.", "jakarta.",
            "io.micronaut.", "io.netty.", "com.fasterxml.", "org.postgresql", "SQLState");
    private static final Pattern STATUS_IN_VIOLATION = Pattern.compile(" -> (\\d{3})\\n");

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Inject
    JsonMapper json;


    @Value("${conduit.jwt.secret}")
    String jwtSecret;

    /** Stands for "a session of its own" in the probes of operations that end the caller's session. */
    private static final String OWN_SESSION = "own-session-placeholder";
    private static final Set<String> SESSION_ENDING = Set.of("logout", "logoutEverywhere");

    private Users.Registered caller;
    private Users.Registered other;
    private Users.Registered updater;
    private Articles.Published article;
    private String commentId;
    private String apiTokenId;
    private String webhookId;
    private String deliveryId;

    @Test
    void noMalformedRequestGetsAServerErrorOrAnAnswerOutsideTheContract() {
        long started = System.nanoTime();
        caller = users.aUser();
        other = users.aUser();
        renewResources();
        var spec = SweptOperation.readSpec();
        var tokens = new TokenProbes(caller.token(), jwtSecret);
        List<SpecOperations.Operation> operations = SpecOperations.all();
        List<Outcome> outcomes = new ArrayList<>();
        for (var id : operations) {
            var model = SweptOperation.modelOf(spec, id);
            // Logging out would end the caller's session for every later probe: those probes get a session each.
            String token = SESSION_ENDING.contains(id.operationId()) ? OWN_SESSION : caller.token();
            var operation = new SweptOperation(id, model, token, validBody(id, model));
            List<Probe> probes = new ArrayList<>(List.of(Probe.valid(operation)));
            probes.addAll(BodyProbes.of(operation));
            probes.addAll(ParameterProbes.of(operation));
            probes.addAll(tokens.of(operation));
            for (Probe probe : probes) {
                Outcome outcome = send(operation, probe);
                outcomes.add(outcome);
                // Only operations that address the article or comment by path can delete or rename them.
                if (outcome.mayHaveWritten() && !operation.parameters("path").isEmpty()) {
                    renewResources();
                }
            }
        }

        List<String> offending = outcomes.stream().filter(o -> !o.problems().isEmpty()).map(Outcome::describe).toList();
        System.out.printf("Bad-input sweep: %d requests over %d operations, %d server errors, %d offending requests (%d s)%n",
                outcomes.size(), operations.size(), outcomes.stream().filter(o -> o.status() >= 500).count(), offending.size(),
                (System.nanoTime() - started) / 1_000_000_000);
        assertTrue(offending.isEmpty(), offending.size() + " of " + outcomes.size()
                + " malformed requests were answered outside the contract:\n  " + String.join("\n  ", offending));
    }

    private record Outcome(SpecOperations.Operation operation, Probe probe, String target, int status, List<String> problems) {

        /** A write that succeeded, or may have: it can have deleted or renamed what later probes address. */
        boolean mayHaveWritten() {
            return !operation.method().equals("GET") && (status / 100 == 2 || status < 0);
        }

        String describe() {
            return "%s %s [%s] -> %s: %s".formatted(operation.method(), excerpt(target, 120), probe.variant(),
                    status < 0 ? "no answer" : status, String.join("; ", problems));
        }
    }

    private Outcome send(SweptOperation operation, Probe probe) {
        String method = operation.id().method();
        String target = probe.target(operation.id().path(), realPathValues(operation));
        byte[] body = probe.body() == null ? null : probe.body().get();
        Map<String, String> headers = probe.headers();
        if (("Token " + OWN_SESSION).equals(headers.get("Authorization"))) {
            headers = new java.util.LinkedHashMap<>(headers);
            headers.put("Authorization", "Token " + login(other).get("token"));
        }
        boolean updatesCaller = operation.id().operationId().equals("updateCurrentUser")
                && headers.getOrDefault("Authorization", "").contains(caller.token());
        if (updatesCaller) {
            // A probe may set a new password, which ends every session of its user: these probes update a user
            // of their own, replaced whenever a password change ended its session.
            if (updater == null) {
                updater = users.aUser();
            }
            headers = new java.util.LinkedHashMap<>(headers);
            headers.put("Authorization", headers.get("Authorization").replace(caller.token(), updater.token()));
        }
        boolean raw = needsRawSocket(target);
        for (int attempt = 1; ; attempt++) {
            try {
                Api.Response response = raw ? RawHttp.send(new java.net.URL(api.url()), method, target, headers, body, json)
                        : api.sendBytes(method, target, body, headers);
                if (updatesCaller && response.body().contains("\"refreshToken\"")) {
                    updater = null;
                }
                return new Outcome(operation.id(), probe, target, response.status(), problems(operation, probe, response, raw));
            } catch (AssertionError violation) {
                // Api's contract check: an undocumented status or a body that breaks the schema.
                Matcher status = STATUS_IN_VIOLATION.matcher(violation.getMessage());
                int code = status.find() ? Integer.parseInt(status.group(1)) : -1;
                List<String> problems = new ArrayList<>(List.of(contractViolation(violation.getMessage())));
                if (code >= 500) {
                    problems.add(0, "server error");
                }
                return new Outcome(operation.id(), probe, target, code, problems);
            } catch (IOException | IllegalStateException noAnswer) {
                // After answering a too-long request line in HTTP/1.0 the server closes the connection without
                // saying so, and the JDK client sends the next request into it: that one deserves a second try.
                if (attempt == 2) {
                    return new Outcome(operation.id(), probe, target, -1, List.of("no HTTP answer (" + rootCause(noAnswer) + ")"));
                }
            }
        }
    }

    /** Api's message without the request line (the target can be 10,000 characters): the spec problems and the body. */
    private static String contractViolation(String message) {
        return message.lines().skip(1)
                .map(line -> line.startsWith("  body: ") ? "body: " + excerpt(line.substring(8), 200) : line.strip())
                .collect(Collectors.joining("; ", "contract violation: ", ""));
    }

    private static List<String> problems(SweptOperation operation, Probe probe, Api.Response response, boolean raw) {
        int status = response.status();
        List<String> problems = new ArrayList<>();
        if (status >= 500) {
            problems.add("server error");
        }
        if (probe.expected() == Probe.Expected.REJECTED && status < 400) {
            problems.add("accepted input the contract refuses");
        }
        if (probe.expected() == Probe.Expected.SUCCESS && status / 100 != 2) {
            problems.add("a request that should succeed failed");
        }
        if (raw && !operation.documents(status)) {
            problems.add("status not documented for " + operation.id().operationId());
        }
        if (status >= 400) {
            try {
                if (response.errors().stream().anyMatch(message -> message == null || message.isBlank())) {
                    problems.add("blank error message");
                }
            } catch (AssertionError notTheErrorShape) {
                problems.add("not the RealWorld error shape");
            }
            INTERNALS.stream().filter(response.body()::contains).findFirst()
                    .ifPresent(leak -> problems.add("leaks internals (" + leak + ")"));
        }
        if (!problems.isEmpty()) {
            problems.add("body: " + excerpt(response.body(), 200));
        }
        return problems;
    }

    /** Logs a user in: a new session, whose "token" and "refreshToken" no other probe has used. */
    private Map<String, String> login(Users.Registered user) {
        var response = api.post("/api/users/login", """
                {"user":{"email":"%s","password":"%s"}}""".formatted(user.email(), user.password()), null);
        var body = response.json().get("user");
        return Map.of("token", body.get("token").getStringValue(), "refreshToken", body.get("refreshToken").getStringValue());
    }

    private void renewResources() {
        article = articles.anArticle(caller);
        var comment = api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"a comment to sweep\"}}", caller.token());
        commentId = comment.json().get("comment").get("id").getValue().toString();
        // One active token at a time (a user may have 50): the previous one goes first, if a probe left it.
        if (apiTokenId != null) {
            api.delete("/api/user/tokens/" + apiTokenId, caller.token());
        }
        var apiToken = api.post("/api/user/tokens",
                "{\"token\":{\"name\":\"swept\",\"scopes\":[\"profile:read\"]}}", caller.token());
        assertEquals(201, apiToken.status(), apiToken.body());
        apiTokenId = apiToken.json().get("token").get("id").getValue().toString();
        // A webhook endpoint of the caller with one delivery, for the operations that address them by path.
        if (webhookId != null) {
            api.delete("/api/user/webhooks/" + webhookId, caller.token());
        }
        var webhook = api.post("/api/user/webhooks",
                "{\"webhook\":{\"url\":\"https://hooks.example.com/sweep\",\"eventTypes\":[\"follower.added\"]}}",
                caller.token());
        assertEquals(201, webhook.status(), webhook.body());
        webhookId = webhook.json().get("webhook").get("id").getValue().toString();
        var fan = users.aUser();
        api.post("/api/profiles/" + caller.username() + "/follow", null, fan.token());
        deliveryId = api.get("/api/user/webhooks/" + webhookId + "/deliveries", caller.token()).json()
                .get("deliveries").get(0).get("id").getValue().toString();
    }

    private Map<String, String> realPathValues(SweptOperation operation) {
        Map<String, String> values = Map.of("username", other.username(), "slug", article.slug(), "id", commentId,
                "tokenId", apiTokenId, "webhookId", webhookId, "deliveryId", deliveryId);
        operation.parameters("path").forEach(parameter -> {
            if (!values.containsKey(parameter.getName())) {
                throw new AssertionError("the sweep has no real value for path parameter {" + parameter.getName() + "} of "
                        + operation.id().route() + ": add one to realPathValues");
            }
        });
        return values;
    }

    /**
     * The spec's own request example, made unique per call; login needs an account that exists, and a refresh
     * a refresh token that was never spent (a session of its own per call).
     */
    private Supplier<ObjectNode> validBody(SpecOperations.Operation id, Operation model) {
        if (id.operationId().equals("login")) {
            return () -> (ObjectNode) SweptOperation.JSON.valueToTree(
                    Map.of("user", Map.of("email", other.email(), "password", other.password())));
        }
        if (id.operationId().equals("refreshSession")) {
            return () -> (ObjectNode) SweptOperation.JSON.valueToTree(Map.of("refreshToken", login(other).get("refreshToken")));
        }
        return SweptOperation.bodyExample(id, model).<Supplier<ObjectNode>>map(example -> () -> unique(example.deepCopy()))
                .orElse(null);
    }

    /** Every string in objects becomes one no other request used (emails stay emails, URLs and date-times as they are). */
    private static ObjectNode unique(ObjectNode node) {
        node.properties().forEach(field -> {
            if (field.getValue() instanceof ObjectNode inner) {
                unique(inner);
            } else if (field.getValue().isTextual()) {
                String value = field.getValue().asText();
                String name = Users.uniqueName("sweep");
                field.setValue(SweptOperation.JSON.getNodeFactory().textNode(value.contains("@") ? name + "@example.com"
                        : value.startsWith("http") || isDateTime(value) ? value : value + "_" + name));
            }
        });
        return node;
    }

    private static boolean isDateTime(String value) {
        try {
            java.time.OffsetDateTime.parse(value);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static boolean needsRawSocket(String target) {
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(target)) {
            return true;
        }
        try {
            new URI("http://localhost" + target);
            return false;
        } catch (URISyntaxException e) {
            return true;
        }
    }

    private static String excerpt(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
    }
}

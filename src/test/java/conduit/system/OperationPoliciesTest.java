package conduit.system;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every operation of the contract declares its edge policies, with classes this service knows. */
class OperationPoliciesTest {

    private static final List<String> API_INTERFACES = List.of("Articles", "Comments", "Contact", "Favorites",
            "Profiles", "Realtime", "Sessions", "Tags", "Users", "ApiTokens", "Webhooks");

    @Test
    void everyOperationDeclaresAKnownRateLimitAndCachePolicy() throws IOException {
        Map<String, OperationPolicies.Policy> policies = OperationPolicies.parse(contract());

        assertEquals(34, policies.size(), policies.keySet().toString());
        assertEquals("session", policies.get("createApiToken").scope(), "an API token never makes another");
        assertEquals("articles:write", policies.get("createArticle").scope());
        assertEquals("none", policies.get("getTags").scope());
        assertEquals(OperationPolicies.Cache.SHARED, policies.get("getTags").cache());
        assertEquals(OperationPolicies.RateLimit.NONE, policies.get("logout").rateLimit(), "revocation is never limited");
        assertEquals(OperationPolicies.Cache.NO_STORE, policies.get("login").cache(), "answers with a token are not kept");
    }

    /** The Idempotency-Key header parameter, in place or by $ref, is what makes an operation idempotent. */
    @Test
    void theOperationsDeclaringAnIdempotencyKeyAreIdempotent() throws IOException {
        Set<String> idempotent = new TreeSet<>();
        OperationPolicies.parse(contract()).forEach((id, policy) -> {
            if (policy.idempotent()) {
                idempotent.add(id);
            }
        });
        assertEquals(Set.of("createArticle", "createArticleComment", "createUser"), idempotent);

        Map<String, Object> inPlace = contract();
        var parameters = new java.util.ArrayList<Object>(List.of(Map.of("name", "Idempotency-Key", "in", "header")));
        operation(inPlace, "/api/contact", "post").put("parameters", parameters);
        assertTrue(OperationPolicies.parse(inPlace).get("sendContactMessage").idempotent());
    }

    /**
     * Read-your-writes needs every write to answer its position, or a client following the rule "send the latest
     * token" would read past its own write; reads that a replica may serve are the public ones.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyWriteAnswersAConsistencyTokenAndThePublicReadsTakeOne() throws IOException {
        Map<String, Object> contract = contract();
        var policies = OperationPolicies.parse(contract);
        Set<String> reads = new TreeSet<>();
        ((Map<String, Map<String, Object>>) contract.get("paths")).forEach((path, item) -> item.forEach((method, op) -> {
            if (!(op instanceof Map<?, ?> operation) || operation.get("operationId") == null) {
                return;
            }
            String id = (String) operation.get("operationId");
            var consistency = policies.get(id).consistency();
            if (method.equals("get")) {
                if (consistency == OperationPolicies.Consistency.READ) {
                    reads.add(id);
                } else {
                    assertEquals(OperationPolicies.Consistency.NONE, consistency, id);
                }
            } else {
                assertEquals(OperationPolicies.Consistency.WRITE, consistency, id + " answers no consistency token");
            }
        }));
        assertEquals(Set.of("getArticle", "getArticleComments", "getArticles", "getProfileByUsername", "getTags"), reads);
    }

    /** Requests find their policy by the routed method's name, which the generator takes from the operationId. */
    @Test
    void everyOperationIdIsTheNameOfAGeneratedMethod() throws Exception {
        Set<String> methods = new TreeSet<>();
        for (String api : API_INTERFACES) {
            Arrays.stream(Class.forName("conduit.api." + api + "Api").getDeclaredMethods())
                    .map(Method::getName).forEach(methods::add);
        }

        assertEquals(new TreeSet<>(OperationPolicies.parse(contract()).keySet()), methods);
    }

    @Test
    void anOperationWithoutAPolicyOrWithAnUnknownOneStopsTheService() throws IOException {
        Map<String, Object> missing = contract();
        operation(missing, "/api/tags", "get").remove("x-cache");
        Map<String, Object> unknown = contract();
        operation(unknown, "/api/tags", "get").put("x-rate-limit", "per-planet");

        var noPolicy = assertThrows(IllegalStateException.class, () -> OperationPolicies.parse(missing));
        var badPolicy = assertThrows(IllegalStateException.class, () -> OperationPolicies.parse(unknown));
        Map<String, Object> noScope = contract();
        operation(noScope, "/api/tags", "get").remove("x-scope");
        Map<String, Object> unknownScope = contract();
        operation(unknownScope, "/api/tags", "get").put("x-scope", "articles:delete-everything");
        assertTrue(assertThrows(IllegalStateException.class, () -> OperationPolicies.parse(noScope)).getMessage()
                .contains("getTags declares no x-scope"));
        assertTrue(assertThrows(IllegalStateException.class, () -> OperationPolicies.parse(unknownScope)).getMessage()
                .contains("unknown x-scope 'articles:delete-everything'"));

        assertTrue(noPolicy.getMessage().contains("getTags declares no x-cache"), noPolicy.getMessage());
        assertTrue(badPolicy.getMessage().contains("unknown x-rate-limit 'per-planet'"), badPolicy.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> operation(Map<String, Object> contract, String path, String method) {
        var paths = (Map<String, Map<String, Object>>) contract.get("paths");
        var copy = new HashMap<>((Map<String, Object>) paths.get(path).get(method));
        paths.get(path).put(method, copy);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> contract() throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(Path.of(OperationPolicies.CONTRACT)));
    }
}

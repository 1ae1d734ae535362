package conduit.apitoken;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.SpecOperations;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Driven by the contract: every operation is called with an API token that lacks its x-scope (refused, 403 naming
 * the scope) and with one that has only that scope (accepted); {@code session} operations refuse even a token with
 * every scope; {@code none} operations take any token. A new operation fails here until it has a call below.
 */
@MicronautTest(transactional = false)
class ApiTokenScopesApiTest extends ApiTestSupport {

    private static final List<String> SCOPES = List.of("articles:read", "articles:write", "comments:write",
            "profile:read", "profile:write", "webhooks:manage");

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    private Users.Registered owner;
    private Users.Registered other;
    private final Map<Set<String>, String> tokens = new HashMap<>();

    private String token(Set<String> scopes) {
        return tokens.computeIfAbsent(scopes, wanted -> {
            String list = wanted.stream().map(scope -> "\"" + scope + "\"").collect(Collectors.joining(","));
            var response = api.post("/api/user/tokens", "{\"token\":{\"name\":\"scopes\",\"scopes\":[" + list + "]}}",
                    owner.token());
            assertEquals(201, response.status(), response.body());
            return response.json().get("token").get("secret").getStringValue();
        });
    }

    private Api.Response call(String secret, String method, String path, String body) {
        return api.send(method, path, body, Map.of("Authorization", "Bearer " + secret));
    }

    /** Each call creates what it needs (with the owner's session), so it can run with either token. */
    private Map<String, Function<String, Api.Response>> calls() {
        Map<String, Function<String, Api.Response>> calls = new TreeMap<>();
        var article = articles.anArticle(owner);
        String profile = "/api/profiles/" + other.username();
        calls.put("login", t -> call(t, "POST", "/api/users/login", """
                {"user":{"email":"%s","password":"%s"}}""".formatted(owner.email(), owner.password())));
        calls.put("createUser", t -> {
            String name = Users.uniqueName("scoped");
            return call(t, "POST", "/api/users", """
                    {"user":{"username":"%s","email":"%s@example.com","password":"long enough"}}""".formatted(name, name));
        });
        calls.put("refreshSession", t -> call(t, "POST", "/api/auth/refresh",
                "{\"refreshToken\":\"" + users.aUser().refreshToken() + "\"}"));
        calls.put("sendContactMessage", t -> call(t, "POST", "/api/contact", """
                {"contact":{"name":"Ann","email":"ann@example.com","subject":"Hi","message":"Hello"}}"""));
        calls.put("getTags", t -> call(t, "GET", "/api/tags", null));
        calls.put("getCurrentUser", t -> call(t, "GET", "/api/user", null));
        calls.put("updateCurrentUser", t -> call(t, "PUT", "/api/user", "{\"user\":{\"bio\":\"scoped\"}}"));
        calls.put("getProfileByUsername", t -> call(t, "GET", profile, null));
        calls.put("followUserByUsername", t -> call(t, "POST", profile + "/follow", null));
        calls.put("unfollowUserByUsername", t -> call(t, "DELETE", profile + "/follow", null));
        calls.put("getArticlesFeed", t -> call(t, "GET", "/api/articles/feed", null));
        calls.put("getArticles", t -> call(t, "GET", "/api/articles?author=" + owner.username(), null));
        calls.put("getArticle", t -> call(t, "GET", article.path(), null));
        calls.put("getArticleComments", t -> call(t, "GET", article.path() + "/comments", null));
        calls.put("createArticle", t -> call(t, "POST", "/api/articles", """
                {"article":{"title":"%s","description":"d","body":"b"}}""".formatted(Users.uniqueName("scoped"))));
        calls.put("updateArticle", t -> call(t, "PUT", article.path(), "{\"article\":{\"body\":\"changed\"}}"));
        calls.put("deleteArticle", t -> call(t, "DELETE", articles.anArticle(owner).path(), null));
        calls.put("createArticleFavorite", t -> call(t, "POST", article.path() + "/favorite", null));
        calls.put("deleteArticleFavorite", t -> call(t, "DELETE", article.path() + "/favorite", null));
        calls.put("createArticleComment", t -> call(t, "POST", article.path() + "/comments",
                "{\"comment\":{\"body\":\"scoped\"}}"));
        calls.put("deleteArticleComment", t -> {
            var comment = api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"to delete\"}}", owner.token());
            return call(t, "DELETE", article.path() + "/comments/" + comment.json().get("comment").get("id").getValue(), null);
        });
        calls.put("logout", t -> call(t, "POST", "/api/auth/logout", null));
        calls.put("logoutEverywhere", t -> call(t, "POST", "/api/auth/logout-all", null));
        calls.put("createEventTicket", t -> call(t, "POST", "/api/events/tickets", null));
        calls.put("createApiToken", t -> call(t, "POST", "/api/user/tokens",
                "{\"token\":{\"name\":\"child\",\"scopes\":[\"profile:read\"]}}"));
        calls.put("listApiTokens", t -> call(t, "GET", "/api/user/tokens", null));
        calls.put("deleteApiToken", t -> call(t, "DELETE", "/api/user/tokens/1", null));
        String webhook = "{\"webhook\":{\"url\":\"https://hooks.example.com/x\",\"eventTypes\":[\"follower.added\"]}}";
        var endpoint = api.post("/api/user/webhooks", webhook, owner.token()).json().get("webhook").get("id").getValue();
        api.post("/api/profiles/" + owner.username() + "/follow", null, other.token());
        String hooks = "/api/user/webhooks/" + endpoint;
        calls.put("createWebhook", t -> call(t, "POST", "/api/user/webhooks", webhook));
        calls.put("listWebhooks", t -> call(t, "GET", "/api/user/webhooks", null));
        calls.put("deleteWebhook", t -> call(t, "DELETE", "/api/user/webhooks/"
                + api.post("/api/user/webhooks", webhook, owner.token()).json().get("webhook").get("id").getValue(), null));
        calls.put("rotateWebhookSecret", t -> call(t, "POST", hooks + "/rotate-secret", null));
        calls.put("enableWebhook", t -> call(t, "POST", hooks + "/enable", null));
        calls.put("listWebhookDeliveries", t -> call(t, "GET", hooks + "/deliveries", null));
        calls.put("redeliverWebhookDelivery", t -> call(t, "POST", hooks + "/deliveries/" + api.get(hooks + "/deliveries",
                owner.token()).json().get("deliveries").get(0).get("id").getValue() + "/redeliver", null));
        return calls;
    }

    @Test
    void everyOperationHoldsAnApiTokenToTheScopeItsContractDeclares() {
        owner = users.aUser();
        other = users.aUser();
        var calls = calls();
        Map<String, String> scopeOf = new TreeMap<>();
        SpecOperations.all().forEach(operation -> scopeOf.put(operation.operationId(), operation.scope()));
        assertEquals(new TreeSet<>(scopeOf.keySet()), new TreeSet<>(calls.keySet()), "every operation has a call here");

        Set<String> checked = new TreeSet<>();
        scopeOf.forEach((operationId, scope) -> {
            var call = calls.get(operationId);
            switch (scope) {
                case "none" -> {
                    var response = call.apply(token(Set.of("profile:read")));
                    assertEquals(2, response.status() / 100, operationId + " takes any token: " + response.body());
                }
                case "session" -> {
                    var response = call.apply(token(Set.copyOf(SCOPES)));
                    assertEquals(403, response.status(), operationId + " refuses every API token: " + response.body());
                    assertTrue(response.errorMap().get("token").get(0).startsWith("can't be used for this"), response.body());
                }
                default -> {
                    assertTrue(SCOPES.contains(scope), operationId + " names an unknown scope " + scope);
                    Set<String> allBut = new TreeSet<>(SCOPES);
                    allBut.remove(scope);
                    var refused = call.apply(token(allBut));
                    assertEquals(403, refused.status(), operationId + " without " + scope + ": " + refused.body());
                    assertEquals(Map.of("token", List.of("needs the scope " + scope)), refused.errorMap(), operationId);
                    var accepted = call.apply(token(Set.of(scope)));
                    assertEquals(2, accepted.status() / 100, operationId + " with " + scope + ": " + accepted.body());
                }
            }
            checked.add(operationId);
        });
        assertEquals(scopeOf.keySet(), checked);
    }
}

package conduit.contract;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.SpecOperations;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every operation in api-spec/openapi.yaml is implemented: each is called once, with real data, and
 * must succeed (a 404 or 405 would mean the route is missing). A new operation in the spec fails this
 * test until a call for it is added here.
 */
@MicronautTest(transactional = false)
class EveryOperationApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Test
    void everyOperationInTheSpecAnswersWithSuccess() {
        var author = users.aUser();
        var reader = users.aUser();
        var article = articles.anArticle(author);
        String fresh = Users.uniqueName("everyop");
        String profile = "/api/profiles/" + author.username();
        String[] commentId = new String[1];

        // In call order: the deletes come last, after the calls that need what they delete.
        Map<String, Supplier<Api.Response>> calls = new LinkedHashMap<>();
        calls.put("createUser", () -> api.post("/api/users", """
                {"user":{"username":"%s","email":"%s@example.com","password":"long enough"}}""".formatted(fresh, fresh), null));
        calls.put("login", () -> api.post("/api/users/login", """
                {"user":{"email":"%s","password":"%s"}}""".formatted(author.email(), author.password()), null));
        calls.put("getCurrentUser", () -> api.get("/api/user", author.token()));
        calls.put("updateCurrentUser", () -> api.put("/api/user", "{\"user\":{\"bio\":\"hello\"}}", author.token()));
        calls.put("getProfileByUsername", () -> api.get(profile, reader.token()));
        String[] webhookId = new String[1];
        calls.put("createWebhook", () -> {
            // Before the follow below, which gives it a delivery to list and send again.
            var response = api.post("/api/user/webhooks",
                    "{\"webhook\":{\"url\":\"https://hooks.example.com/conduit\",\"eventTypes\":[\"follower.added\"]}}",
                    author.token());
            webhookId[0] = response.json().get("webhook").get("id").getValue().toString();
            return response;
        });
        calls.put("followUserByUsername", () -> api.post(profile + "/follow", null, reader.token()));
        calls.put("getArticlesFeed", () -> api.get("/api/articles/feed", reader.token()));
        calls.put("unfollowUserByUsername", () -> api.delete(profile + "/follow", reader.token()));
        calls.put("getArticles", () -> api.get("/api/articles?author=" + author.username(), null));
        calls.put("createArticle", () -> api.post("/api/articles", """
                {"article":{"title":"%s","description":"d","body":"b","tagList":["t"]}}""".formatted(fresh), author.token()));
        calls.put("getArticle", () -> api.get(article.path(), null));
        calls.put("updateArticle", () -> api.put(article.path(), "{\"article\":{\"body\":\"new\"}}", author.token()));
        calls.put("createArticleFavorite", () -> api.post(article.path() + "/favorite", null, reader.token()));
        calls.put("deleteArticleFavorite", () -> api.delete(article.path() + "/favorite", reader.token()));
        calls.put("createArticleComment", () -> {
            var response = api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"hi\"}}", reader.token());
            commentId[0] = response.json().get("comment").get("id").getValue().toString();
            return response;
        });
        calls.put("getArticleComments", () -> api.get(article.path() + "/comments", null));
        calls.put("deleteArticleComment", () -> api.delete(article.path() + "/comments/" + commentId[0], reader.token()));
        calls.put("deleteArticle", () -> api.delete(article.path(), author.token()));
        String[] apiTokenId = new String[1];
        calls.put("createApiToken", () -> {
            var response = api.post("/api/user/tokens",
                    "{\"token\":{\"name\":\"everyop\",\"scopes\":[\"articles:read\"]}}", author.token());
            apiTokenId[0] = response.json().get("token").get("id").getValue().toString();
            return response;
        });
        calls.put("listApiTokens", () -> api.get("/api/user/tokens", author.token()));
        calls.put("deleteApiToken", () -> api.delete("/api/user/tokens/" + apiTokenId[0], author.token()));
        calls.put("listWebhooks", () -> api.get("/api/user/webhooks", author.token()));
        String[] deliveryId = new String[1];
        calls.put("listWebhookDeliveries", () -> {
            var response = api.get("/api/user/webhooks/" + webhookId[0] + "/deliveries", author.token());
            deliveryId[0] = response.json().get("deliveries").get(0).get("id").getValue().toString();
            return response;
        });
        calls.put("redeliverWebhookDelivery", () -> api.post("/api/user/webhooks/" + webhookId[0] + "/deliveries/"
                + deliveryId[0] + "/redeliver", null, author.token()));
        calls.put("rotateWebhookSecret", () -> api.post("/api/user/webhooks/" + webhookId[0] + "/rotate-secret", null,
                author.token()));
        calls.put("enableWebhook", () -> api.post("/api/user/webhooks/" + webhookId[0] + "/enable", null, author.token()));
        calls.put("deleteWebhook", () -> api.delete("/api/user/webhooks/" + webhookId[0], author.token()));
        calls.put("getTags", () -> api.get("/api/tags", null));
        calls.put("createEventTicket", () -> api.post("/api/events/tickets", null, reader.token()));
        calls.put("sendContactMessage", () -> api.post("/api/contact", """
                {"contact":{"name":"Ann","email":"ann@example.com","subject":"Hi","message":"Hello"}}""", null));
        var session = users.aUser();
        calls.put("refreshSession", () -> api.post("/api/auth/refresh",
                "{\"refreshToken\":\"" + session.refreshToken() + "\"}", null));
        calls.put("logout", () -> api.post("/api/auth/logout", null, session.token()));
        calls.put("logoutEverywhere", () -> api.post("/api/auth/logout-all", null, reader.token()));

        var inSpec = new TreeSet<String>();
        SpecOperations.all().forEach(operation -> inSpec.add(operation.operationId()));
        assertEquals(inSpec, new TreeSet<>(calls.keySet()), "every operation in the spec has a call here");

        calls.forEach((operationId, call) -> {
            var response = call.get();
            assertEquals(2, response.status() / 100, operationId + " -> " + response.status() + " " + response.body());
        });
    }
}

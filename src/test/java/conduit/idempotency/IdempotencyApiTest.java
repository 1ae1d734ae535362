package conduit.idempotency;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A mobile app on a flaky network retries POSTs; an Idempotency-Key makes that safe. */
@MicronautTest(transactional = false)
class IdempotencyApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Test
    void aPostRetriedTenTimesCreatesOneArticleAndReplaysTheFirstResponse() {
        var author = users.aUser();
        String key = UUID.randomUUID().toString();
        String body = newArticle(Users.uniqueName("retried"));

        List<Api.Response> responses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            responses.add(postWithKey("/api/articles", body, author.token(), key));
        }

        assertEquals(1, articlesBy(author));
        Api.Response first = responses.get(0);
        assertEquals(201, first.status(), first.body());
        assertFalse(first.header("Idempotent-Replayed").isPresent());
        for (var retry : responses.subList(1, 10)) {
            assertEquals(201, retry.status());
            assertEquals(first.body(), retry.body(), "the same response, not a second article");
            assertEquals("true", retry.header("Idempotent-Replayed").orElse(null));
            assertEquals(first.header("Location"), retry.header("Location"));
        }
    }

    @Test
    void tenConcurrentRequestsWithOneKeyCreateOneArticle() throws Exception {
        var author = users.aUser();
        String key = UUID.randomUUID().toString();
        String body = newArticle(Users.uniqueName("concurrent"));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Callable<Api.Response> call = () -> {
                    start.await();
                    return postWithKey("/api/articles", body, author.token(), key);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            Set<String> slugs = new HashSet<>();
            for (var future : futures) {
                var response = future.get();
                assertEquals(201, response.status(), response.body());
                slugs.add(response.json().get("article").get("slug").getStringValue());
            }
            assertEquals(1, slugs.size(), "every caller saw the same article");
            assertEquals(1, articlesBy(author));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesTheSameKeyWithADifferentBodyAndCreatesNothingMore() {
        var author = users.aUser();
        String key = UUID.randomUUID().toString();
        postWithKey("/api/articles", newArticle(Users.uniqueName("original")), author.token(), key);

        var reused = postWithKey("/api/articles", newArticle(Users.uniqueName("different")), author.token(), key);

        assertEquals(422, reused.status());
        assertEquals(List.of("Idempotency-Key was already used for a different request"), reused.errors());
        assertEquals(1, articlesBy(author));
    }

    @Test
    void aFailedRequestStoresNothingSoItsCorrectedRetrySucceeds() {
        var author = users.aUser();
        String key = UUID.randomUUID().toString();

        var invalid = postWithKey("/api/articles", "{\"article\":{\"title\":\"\",\"description\":\"d\",\"body\":\"b\"}}",
                author.token(), key);
        var corrected = postWithKey("/api/articles", newArticle(Users.uniqueName("fixed")), author.token(), key);

        assertEquals(422, invalid.status());
        assertEquals(201, corrected.status(), corrected.body());
        assertFalse(corrected.header("Idempotent-Replayed").isPresent());
    }

    @Test
    void keysAreScopedToTheCaller() {
        var one = users.aUser();
        var other = users.aUser();
        String key = UUID.randomUUID().toString();
        String body = newArticle(Users.uniqueName("shared-key"));

        assertEquals(201, postWithKey("/api/articles", body, one.token(), key).status());
        var second = postWithKey("/api/articles", body, other.token(), key);

        assertEquals(201, second.status());
        assertFalse(second.header("Idempotent-Replayed").isPresent(), "another user's key is not ours");
        assertEquals(1, articlesBy(other));
    }

    @Test
    void aRetriedRegistrationCreatesOneUserAndTheReplayCarriesAWorkingToken() {
        String name = Users.uniqueName("retry");
        String body = """
                {"user":{"username":"%s","email":"%s@example.com","password":"long secret"}}""".formatted(name, name);
        String key = UUID.randomUUID().toString();

        var first = postWithKey("/api/users", body, null, key);
        var retry = postWithKey("/api/users", body, null, key);

        assertEquals(201, first.status(), first.body());
        assertEquals(201, retry.status(), retry.body());
        assertEquals("true", retry.header("Idempotent-Replayed").orElse(null));
        String token = retry.json().get("user").get("token").getStringValue();
        assertEquals(name, api.get("/api/user", token).json().get("user").get("username").getStringValue());
    }

    /** Attack: replay a captured registration after the victim changed the password and logged out everywhere. */
    @Test
    void aReplayedRegistrationMintsNoSessionOnceItsPasswordNoLongerOpensTheAccount() {
        String name = Users.uniqueName("victim");
        String body = """
                {"user":{"username":"%s","email":"%s@example.com","password":"first password"}}""".formatted(name, name);
        String key = UUID.randomUUID().toString();
        String token = postWithKey("/api/users", body, null, key).json().get("user").get("token").getStringValue();
        assertEquals(200, api.put("/api/user", "{\"user\":{\"password\":\"second password\"}}", token).status());

        for (var headers : List.of(Map.of("Idempotency-Key", key),
                Map.of("Idempotency-Key", key, "X-Forwarded-For", "203.0.113.9"))) {
            var replay = api.send("POST", "/api/users", body, headers);

            assertEquals(401, replay.status(), replay.body());
            assertEquals(Map.of("credentials", List.of("invalid")), replay.errorMap());
            assertFalse(replay.body().contains("token"), "no credentials of any kind: " + replay.body());
        }
        assertEquals(200, api.post("/api/users/login", """
                {"user":{"email":"%s@example.com","password":"second password"}}""".formatted(name), null).status(),
                "the account itself is untouched");
    }

    @Test
    void aRetriedCommentIsPostedOnce() {
        var author = users.aUser();
        var article = articles.anArticle(author);
        String key = UUID.randomUUID().toString();

        for (int i = 0; i < 3; i++) {
            assertEquals(201, postWithKey(article.path() + "/comments", "{\"comment\":{\"body\":\"once\"}}",
                    author.token(), key).status());
        }

        assertEquals(1, api.get(article.path() + "/comments", null).json().get("comments").size());
    }

    @Test
    void rejectsMalformedKeysWith422() {
        var author = users.aUser();
        for (String key : List.of("has space", "x".repeat(256))) {
            var response = postWithKey("/api/articles", newArticle(Users.uniqueName("badkey")), author.token(), key);

            assertEquals(422, response.status(), key);
        }
        assertEquals(0, articlesBy(author));
    }

    private Api.Response postWithKey(String path, String body, String token, String key) {
        return token == null
                ? api.send("POST", path, body, Map.of("Idempotency-Key", key))
                : api.send("POST", path, body, Map.of("Idempotency-Key", key, "Authorization", "Token " + token));
    }

    private static String newArticle(String title) {
        return """
                {"article":{"title":"%s","description":"d","body":"b","tagList":["retry"]}}""".formatted(title);
    }

    private int articlesBy(Users.Registered author) {
        return api.get("/api/articles?author=" + author.username(), null).json().get("articlesCount").getIntValue();
    }
}

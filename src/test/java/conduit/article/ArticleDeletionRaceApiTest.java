package conduit.article;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attack: comment on and favorite an article while its author deletes it, all at once, over and over. Every
 * request must get a documented answer (the article is there, or it is not found), never a 500, and nothing
 * may be left pointing at the deleted article.
 */
@MicronautTest(transactional = false)
class ArticleDeletionRaceApiTest extends ApiTestSupport {

    private static final int ROUNDS = 50;
    private static final int COMMENTS = 6;
    private static final int FAVORITES = 4;

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Test
    void commentsAndFavoritesRacingADeleteGetA2xxOrA404NeverA500() throws Exception {
        var author = users.aUser();
        List<Users.Registered> fans = List.of(users.aUser(), users.aUser(), users.aUser(), users.aUser());
        Map<String, Integer> seen = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(COMMENTS + FAVORITES + 1);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                var article = articles.anArticle(author);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < COMMENTS; i++) {
                    var fan = fans.get(i % fans.size());
                    answers.add(pool.submit(race(start, "comment", () -> api.post(article.path() + "/comments",
                            "{\"comment\":{\"body\":\"racing\"}}", fan.token()))));
                }
                for (int i = 0; i < FAVORITES; i++) {
                    var fan = fans.get(i);
                    answers.add(pool.submit(race(start, "favorite", () -> api.post(article.path() + "/favorite", null,
                            fan.token()))));
                }
                answers.add(pool.submit(race(start, "delete", () -> api.delete(article.path(), author.token()))));
                start.countDown();
                for (var answer : answers) {
                    seen.merge(answer.get(), 1, Integer::sum);
                }
                assertEquals(404, api.get(article.path() + "/comments", null).status(), "the article is gone");
            }
        } finally {
            pool.shutdownNow();
        }

        Set<String> documented = Set.of("comment 201", "comment 404", "favorite 200", "favorite 404", "delete 204");
        assertTrue(documented.containsAll(seen.keySet()), "answers: " + seen);
        assertEquals(ROUNDS, seen.get("delete 204"), "every delete went through: " + seen);
        for (var fan : fans) {
            assertEquals(0, api.get("/api/articles?favorited=" + fan.username(), null).json().get("articlesCount")
                    .getIntValue(), "no favorite survived its article");
        }
    }

    private static Callable<String> race(CountDownLatch start, String what, Callable<Api.Response> call) {
        return () -> {
            start.await();
            return what + " " + call.call().status();
        };
    }
}

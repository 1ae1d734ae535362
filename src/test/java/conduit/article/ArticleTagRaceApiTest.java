package conduit.article;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Attack: several authors publish at once, each with the same new tags in another order. Each transaction creates
 * the tags it does not find; in the order given, two of them could each hold one new tag the other waits for (a
 * deadlock, which PostgreSQL ends by failing one: a 500). Every article must be created, with all its tags.
 */
@MicronautTest(transactional = false)
class ArticleTagRaceApiTest extends ApiTestSupport {

    private static final int ROUNDS = 15;
    private static final int AUTHORS = 8;

    @Inject
    Api api;

    @Inject
    Users users;

    @Test
    void articlesWithTheSameNewTagsInAnyOrderAreAllCreatedAtOnce() throws Exception {
        List<Users.Registered> authors = new ArrayList<>();
        for (int i = 0; i < AUTHORS; i++) {
            authors.add(users.aUser());
        }
        Random random = new Random(18);
        Map<Integer, Integer> statuses = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(AUTHORS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<String> tags = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    tags.add(Users.uniqueName("race" + t));
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Api.Response>> answers = new ArrayList<>();
                List<List<String>> given = new ArrayList<>();
                for (var author : authors) {
                    List<String> order = new ArrayList<>(tags);
                    Collections.shuffle(order, random);
                    given.add(order);
                    String body = "{\"article\":{\"title\":\"" + Users.uniqueName("tagged") + "\",\"description\":\"d\","
                            + "\"body\":\"b\",\"tagList\":[\"" + String.join("\",\"", order) + "\"]}}";
                    answers.add(pool.submit(() -> {
                        start.await();
                        return api.post("/api/articles", body, author.token());
                    }));
                }
                start.countDown();
                for (int i = 0; i < answers.size(); i++) {
                    var answer = answers.get(i).get();
                    statuses.merge(answer.status(), 1, Integer::sum);
                    if (answer.status() == 201) {
                        List<String> sorted = new ArrayList<>(given.get(i));
                        Collections.sort(sorted);
                        assertEquals(sorted, Articles.strings(answer.json().get("article").get("tagList")),
                                "all its tags, in alphabetical order as the contract says");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of(201, ROUNDS * AUTHORS), statuses, "every article created");
    }
}

package conduit.consistency;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consistency tokens without a replica: every successful write answers one, positions only move forward, the routed
 * reads take one, and a value that is not a token is 422 in the RealWorld shape on each of them.
 */
@MicronautTest(transactional = false)
class ConsistencyTokenApiTest extends ApiTestSupport {

    static final String HEADER = "Conduit-Consistency-Token";

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Test
    void everySuccessfulWriteAnswersATokenAndTheyMoveForward() {
        var author = users.aUser();
        var reader = users.aUser();
        var article = articles.anArticle(author);
        List<Api.Response> writes = new ArrayList<>();
        writes.add(api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"first\"}}", reader.token()));
        writes.add(api.post(article.path() + "/favorite", null, reader.token()));
        writes.add(api.post("/api/profiles/" + author.username() + "/follow", null, reader.token()));
        writes.add(api.put("/api/user", "{\"user\":{\"bio\":\"reads a lot\"}}", reader.token()));
        writes.add(api.delete(article.path(), author.token()));

        long previous = 0;
        for (var write : writes) {
            assertTrue(write.status() / 100 == 2, write.status() + " " + write.body());
            String token = write.header(HEADER).orElseThrow(() -> new AssertionError("no " + HEADER + ": " + write.headers()));
            long position = position(token);
            assertTrue(position >= previous, token + " is behind the previous write's token");
            previous = position;
        }
        assertTrue(previous > position(writes.get(0).header(HEADER).orElseThrow()), "five writes did not move the WAL");
    }

    @Test
    void aFailedWriteAnswersNoToken() {
        var author = users.aUser();
        var refused = api.post("/api/articles", "{\"article\":{\"title\":\"\",\"description\":\"d\",\"body\":\"b\"}}",
                author.token());

        assertEquals(422, refused.status(), refused.body());
        assertTrue(refused.header(HEADER).isEmpty(), "a refused write has no position to wait for");
    }

    @Test
    void aReadWithTheTokenOfAWriteSeesIt() {
        var author = users.aUser();
        var created = api.post("/api/articles",
                "{\"article\":{\"title\":\"Seen at once\",\"description\":\"d\",\"body\":\"b\",\"tagList\":[\"ryw\"]}}",
                author.token());
        assertEquals(201, created.status(), created.body());
        String slug = created.json().get("article").get("slug").getStringValue();
        String token = created.header(HEADER).orElseThrow();

        var read = api.send("GET", "/api/articles/" + slug, null, Map.of(HEADER, token));

        assertEquals(200, read.status(), read.body());
        assertEquals("Seen at once", read.json().get("article").get("title").getStringValue());
    }

    @Test
    void aValueThatIsNoTokenIs422OnEveryRoutedRead() {
        var author = users.aUser();
        var article = articles.anArticle(author);
        List<String> reads = List.of("/api/articles", article.path(), article.path() + "/comments",
                "/api/profiles/" + author.username(), "/api/tags");
        for (String path : reads) {
            for (String value : List.of("soon", "0/", "/1", "1/2/3", "G/1", "123456789/1", "0/1, 0/2", "-1/1")) {
                var response = api.send("GET", path, null, Map.of(HEADER, value));

                assertEquals(422, response.status(), path + " with " + value + ": " + response.body());
                assertEquals(Map.of(HEADER, List.of("is invalid")), response.errorMap(), path + " with " + value);
            }
        }
    }

    /** An LSN as one number: the high and low 32 bits. */
    static long position(String token) {
        String[] halves = token.split("/");
        assertEquals(2, halves.length, token);
        return (Long.parseLong(halves[0], 16) << 32) | Long.parseLong(halves[1], 16);
    }
}

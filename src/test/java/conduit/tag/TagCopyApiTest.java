package conduit.tag;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.MessageBarrier;
import conduit.support.TestDatabase;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The instance's copy of the tag list ({@link PopularTags}): anonymous reads are answered from it, every change to an
 * article's tags drops it on the change's commit, reads with an access token or a consistency token never use it, and
 * it is not trusted while the listening connection is down. Links written with triggers off (so no message is sent)
 * show what the copy answers.
 */
@MicronautTest(transactional = false)
class TagCopyApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Inject
    MessageBarrier messages;

    @Test
    void everyChangeToAnArticlesTagsReachesAnonymousReadersOnceItCommits() throws Exception {
        var author = users.aUser();
        String tag = unique("created");
        var article = articles.anArticle(author, List.of(tag));
        messages.pass();
        assertTrue(anonymousTags().contains(tag), "a new article's tag");

        var edited = api.put(article.path(), "{\"article\":{\"tagList\":[]}}", author.token());
        assertEquals(200, edited.status(), edited.body());
        messages.pass();
        assertFalse(anonymousTags().contains(tag), "a tag removed by an edit");

        String other = unique("deleted");
        var doomed = articles.anArticle(author, List.of(other));
        messages.pass();
        assertTrue(anonymousTags().contains(other));
        assertEquals(204, api.delete(doomed.path(), author.token()).status());
        messages.pass();
        assertFalse(anonymousTags().contains(other), "the tag of a deleted article (deleted by cascade)");
    }

    @Test
    void anonymousReadsAreAnsweredFromTheCopyAndReadsOwedAWriteAreNot() throws Exception {
        var author = users.aUser();
        var article = articles.anArticle(author, List.of());
        messages.pass();
        anonymousTags();
        String tag = unique("unannounced");
        linkWithoutMessage(article.slug(), tag);

        assertFalse(anonymousTags().contains(tag), "an anonymous read is answered from the copy");
        assertTrue(tags(api.get("/api/tags", author.token())).contains(tag), "a signed-in read sees every write");
        var created = api.post("/api/articles", "{\"article\":{\"title\":\"" + unique("t") + "\",\"description\":\"d\",\"body\":\"b\"}}",
                author.token());
        assertEquals(201, created.status(), created.body());
        String token = created.header("Conduit-Consistency-Token").orElseThrow();
        assertTrue(tags(api.send("GET", "/api/tags", null, Map.of("Conduit-Consistency-Token", token))).contains(tag),
                "a read with a consistency token is owed every write before it");

        announce();
        messages.pass();
        assertTrue(anonymousTags().contains(tag), "the copy is dropped by a message on conduit_tags");
    }

    @Test
    void theCopyIsNotTrustedWhileTheListenerIsAwayAndIsUsedAgainOnceItIsBack() throws Exception {
        var author = users.aUser();
        var article = articles.anArticle(author, List.of());
        messages.pass();
        anonymousTags();
        String missed = unique("missed");
        linkWithoutMessage(article.slug(), missed);
        assertFalse(anonymousTags().contains(missed));

        messages.cutTheListenersConnection();
        long deadline = System.nanoTime() + 10_000_000_000L;
        boolean seen = false;
        while (!seen && System.nanoTime() < deadline) {
            seen = anonymousTags().contains(missed);
            Thread.sleep(50);
        }
        assertTrue(seen, "once the listener knows its connection is gone, anonymous reads go to the database");

        messages.pass();
        anonymousTags();
        String later = unique("later");
        linkWithoutMessage(article.slug(), later);
        assertFalse(anonymousTags().contains(later), "listening again, the copy is used again");
    }

    @Test
    void theCopysAnswerKeepsItsETagUntilTheCopyChangesAndThenGetsANewOne() throws Exception {
        var author = users.aUser();
        articles.anArticle(author, List.of(unique("before")));
        messages.pass();
        var first = api.get("/api/tags", null);
        var second = api.get("/api/tags", null);
        assertEquals(200, second.status(), second.body());
        String etag = first.header("ETag").orElseThrow();
        assertEquals(etag, second.header("ETag").orElseThrow(), "the same copy, the same representation");
        assertEquals(first.body(), second.body());
        var unchanged = api.send("GET", "/api/tags", null, Map.of("If-None-Match", etag));
        assertEquals(304, unchanged.status(), unchanged.body());

        String tag = unique("after");
        articles.anArticle(author, List.of(tag));
        messages.pass();
        var changed = api.send("GET", "/api/tags", null, Map.of("If-None-Match", etag));
        assertEquals(200, changed.status(), "a new copy is a new representation");
        assertTrue(tags(changed).contains(tag));
        assertFalse(etag.equals(changed.header("ETag").orElseThrow()), "the new copy's ETag");
        var signedIn = api.get("/api/tags", author.token());
        assertEquals(changed.header("ETag").orElseThrow(), signedIn.header("ETag").orElseThrow(),
                "the same list read from the database has the same ETag");
    }

    private List<String> anonymousTags() {
        return tags(api.get("/api/tags", null));
    }

    private static List<String> tags(Api.Response response) {
        assertEquals(200, response.status(), response.body());
        return Articles.strings(response.json().get("tags"));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Tags an article with the triggers off for this session: the change sends no message. */
    private static void linkWithoutMessage(String slug, String tag) throws SQLException {
        try (Connection db = TestDatabase.connect(); var statement = db.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            try (var insert = db.prepareStatement("""
                    WITH tag AS (INSERT INTO tags (name) VALUES (?) RETURNING id)
                    INSERT INTO article_tags (article_id, tag_id, position)
                    SELECT a.id, tag.id, 100 FROM articles a, tag WHERE a.slug = ?""")) {
                insert.setString(1, tag);
                insert.setString(2, slug);
                assertEquals(1, insert.executeUpdate());
            }
        }
    }

    private static void announce() throws SQLException {
        try (Connection db = TestDatabase.connect(); var statement = db.createStatement()) {
            statement.execute("SELECT pg_notify('conduit_tags', '')");
        }
    }
}

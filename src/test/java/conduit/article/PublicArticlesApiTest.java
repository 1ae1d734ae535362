package conduit.article;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The instance's copies of public articles and list pages ({@link PublicArticles}): anonymous reads are answered from
 * them, every change to what an anonymous reader sees (an article created, edited or deleted, its favorites, its tags,
 * its author's profile) drops the copy when it commits, reads with an access token or a consistency token never use them, and they are not
 * trusted while the listening connection is down. Bodies written with triggers off (so no message is sent) show what
 * a copy answers.
 */
@MicronautTest(transactional = false)
class PublicArticlesApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Inject
    MessageBarrier messages;

    @Inject
    PublicArticles publicArticles;

    @Test
    void everyChangeAnAnonymousReaderCanSeeReachesThemOnceItCommits() throws Exception {
        var author = users.aUser();
        var reader = users.aUser();
        var article = articles.anArticle(author, List.of("before"));
        messages.pass(); // the creation's own message (V23) has dropped whatever it will drop
        String path = article.path();
        assertEquals(article.body(), anonymous(path).get("body").getStringValue());

        assertEquals(200, api.put(path, "{\"article\":{\"body\":\"edited\",\"tagList\":[\"after\"]}}", author.token()).status());
        messages.pass();
        assertEquals("edited", anonymous(path).get("body").getStringValue(), "an edit");
        assertEquals(List.of("after"), Articles.strings(anonymous(path).get("tagList")), "the tags of an edit");

        assertEquals(200, api.post(path + "/favorite", null, reader.token()).status());
        messages.pass();
        assertEquals(1, anonymous(path).get("favoritesCount").getIntValue(), "a favorite");
        assertEquals(200, api.delete(path + "/favorite", reader.token()).status());
        messages.pass();
        assertEquals(0, anonymous(path).get("favoritesCount").getIntValue(), "an unfavorite");

        assertEquals(200, api.put("/api/user", "{\"user\":{\"bio\":\"a new bio\"}}", author.token()).status());
        messages.pass();
        assertEquals("a new bio", anonymous(path).get("author").get("bio").getStringValue(), "the author's profile");

        assertEquals(204, api.delete(path, author.token()).status());
        messages.pass();
        assertEquals(404, api.get(path, null).status(), "a deleted article");
    }

    @Test
    void anonymousReadsAreAnsweredFromTheCopyAndReadsOwedAWriteAreNot() throws Exception {
        var author = users.aUser();
        var article = articles.anArticle(author);
        messages.pass(); // the creation's own message (V23) has dropped whatever it will drop
        String path = article.path();
        anonymous(path);
        writeBodyWithoutMessage(article.slug(), "unannounced");

        assertEquals(article.body(), anonymous(path).get("body").getStringValue(), "an anonymous read is answered from the copy");
        assertEquals("unannounced", read(api.get(path, author.token())).get("body").getStringValue(),
                "a signed-in read sees every write");
        var created = api.post("/api/articles", "{\"article\":{\"title\":\"" + Users.uniqueName("t")
                + "\",\"description\":\"d\",\"body\":\"b\"}}", author.token());
        assertEquals(201, created.status(), created.body());
        String token = created.header("Conduit-Consistency-Token").orElseThrow();
        assertEquals("unannounced", read(api.send("GET", path, null, Map.of("Conduit-Consistency-Token", token)))
                .get("body").getStringValue(), "a read with a consistency token is owed every write before it");

        announce(articleId(article.slug()));
        messages.pass();
        assertEquals("unannounced", anonymous(path).get("body").getStringValue(), "the copy is dropped by its article's message");
    }

    @Test
    void aMessageAboutOneArticleLeavesTheOthersCopiesAlone() throws Exception {
        var author = users.aUser();
        var one = articles.anArticle(author);
        var other = articles.anArticle(author);
        messages.pass(); // the creation's own message (V23) has dropped whatever it will drop
        anonymous(one.path());
        anonymous(other.path());
        writeBodyWithoutMessage(one.slug(), "one, changed");
        writeBodyWithoutMessage(other.slug(), "other, changed");

        announce(articleId(one.slug()));
        messages.pass();
        assertEquals("one, changed", anonymous(one.path()).get("body").getStringValue());
        assertEquals(other.body(), anonymous(other.path()).get("body").getStringValue(), "still the copy");
    }

    @Test
    void theCopiesAreNotTrustedWhileTheListenerIsAwayAndAreUsedAgainOnceItIsBack() throws Exception {
        var author = users.aUser();
        var article = articles.anArticle(author);
        messages.pass(); // the creation's own message (V23) has dropped whatever it will drop
        String path = article.path();
        anonymous(path);
        writeBodyWithoutMessage(article.slug(), "missed");
        assertEquals(article.body(), anonymous(path).get("body").getStringValue());

        messages.cutTheListenersConnection();
        long deadline = System.nanoTime() + 10_000_000_000L;
        boolean seen = false;
        while (!seen && System.nanoTime() < deadline) {
            seen = "missed".equals(anonymous(path).get("body").getStringValue());
            Thread.sleep(50);
        }
        assertTrue(seen, "once the listener knows its connection is gone, anonymous reads go to the database");

        messages.pass();
        anonymous(path);
        writeBodyWithoutMessage(article.slug(), "later");
        assertEquals("missed", anonymous(path).get("body").getStringValue(), "listening again, the copy is used again");
    }

    @Test
    void aCopysAnswerKeepsItsETagAndIsTheSameAsFromTheDatabase() throws Exception {
        var author = users.aUser();
        var article = articles.anArticle(author);
        messages.pass(); // the creation's own message (V23) has dropped whatever it will drop
        String path = article.path();
        var first = api.get(path, null);
        var second = api.get(path, null);
        String etag = first.header("ETag").orElseThrow();
        assertEquals(etag, second.header("ETag").orElseThrow());
        assertEquals(first.body(), second.body());
        assertEquals(304, api.send("GET", path, null, Map.of("If-None-Match", etag)).status());
        var created = api.post("/api/articles", "{\"article\":{\"title\":\"" + Users.uniqueName("t")
                + "\",\"description\":\"d\",\"body\":\"b\"}}", author.token());
        var fromDatabase = api.send("GET", path, null,
                Map.of("Conduit-Consistency-Token", created.header("Conduit-Consistency-Token").orElseThrow()));
        assertEquals(first.body(), fromDatabase.body(), "the copy answers what the database does");

        assertEquals(200, api.put(path, "{\"article\":{\"description\":\"changed\"}}", author.token()).status());
        messages.pass();
        var changed = api.send("GET", path, null, Map.of("If-None-Match", etag));
        assertEquals(200, changed.status(), "a new copy is a new representation");
        assertNotEquals(etag, changed.header("ETag").orElseThrow());
    }

    @Test
    void everyChangeToAListPageReachesAnonymousReadersOnceItCommits() throws Exception {
        var author = users.aUser();
        var reader = users.aUser();
        String byAuthor = "/api/articles?author=" + author.username();
        String tag = Users.uniqueName("tag");
        String byTag = "/api/articles?tag=" + tag;
        assertEquals(0, page(byAuthor).get("articlesCount").getIntValue());
        assertEquals(0, page(byTag).get("articlesCount").getIntValue());

        var created = api.post("/api/articles", "{\"article\":{\"title\":\"" + Users.uniqueName("t")
                + "\",\"description\":\"d\",\"body\":\"b\"}}", author.token());
        assertEquals(201, created.status(), created.body());
        String path = "/api/articles/" + created.json().get("article").get("slug").getStringValue();
        messages.pass();
        assertEquals(1, page(byAuthor).get("articlesCount").getIntValue(), "an article created without tags");

        assertEquals(200, api.put(path, "{\"article\":{\"description\":\"edited\",\"tagList\":[\"" + tag + "\"]}}",
                author.token()).status());
        messages.pass();
        assertEquals("edited", first(byAuthor).get("description").getStringValue(), "an edit");
        assertEquals(1, page(byTag).get("articlesCount").getIntValue(), "a tag added");

        assertEquals(200, api.post(path + "/favorite", null, reader.token()).status());
        messages.pass();
        assertEquals(1, first(byAuthor).get("favoritesCount").getIntValue(), "a favorite");
        assertEquals(1, page("/api/articles?favorited=" + reader.username()).get("articlesCount").getIntValue());

        assertEquals(200, api.put("/api/user", "{\"user\":{\"bio\":\"a list bio\"}}", author.token()).status());
        messages.pass();
        assertEquals("a list bio", first(byAuthor).get("author").get("bio").getStringValue(), "the author's profile");

        assertEquals(204, api.delete(path, author.token()).status());
        messages.pass();
        assertEquals(0, page(byAuthor).get("articlesCount").getIntValue(), "a deleted article");
        assertEquals(0, page(byTag).get("articlesCount").getIntValue());
    }

    @Test
    void anonymousListPagesAreAnsweredFromTheCopyAndReadsOwedAWriteAreNot() throws Exception {
        var author = users.aUser();
        var article = articles.anArticle(author);
        var unrelated = articles.anArticle(users.aUser());
        messages.pass();
        String byAuthor = "/api/articles?author=" + author.username();
        String firstTen = byAuthor + "&limit=10";
        assertEquals(article.title(), first(byAuthor).get("title").getStringValue());
        writeTitleWithoutMessage(article.slug(), "unannounced");

        assertEquals(article.title(), first(byAuthor).get("title").getStringValue(), "an anonymous page from the copy");
        assertEquals("unannounced", first(firstTen).get("title").getStringValue(), "another limit is another page");
        var signedIn = api.get(byAuthor, author.token());
        assertEquals(200, signedIn.status(), signedIn.body());
        assertEquals("unannounced", signedIn.json().get("articles").get(0).get("title").getStringValue(),
                "a signed-in read sees every write");

        announce(articleId(unrelated.slug()));
        messages.pass();
        assertEquals("unannounced", first(byAuthor).get("title").getStringValue(),
                "a message about any article drops every page");
    }

    @Test
    void theListPageCopiesStayWithinTheirBoundsInNumberAndInCharacters() throws Exception {
        var author = users.aUser();
        String description = "d".repeat(ArticleRules.DESCRIPTION_MAX);
        for (int i = 0; i < 60; i++) {
            var created = api.post("/api/articles", "{\"article\":{\"title\":\"" + Users.uniqueName("long")
                    + "\",\"description\":\"" + description + "\",\"body\":\"b\"}}", author.token());
            assertEquals(201, created.status(), created.body());
        }
        messages.pass();
        // Pages of 60 to 1 articles of ~1,000 characters each (~1,870,000 in all; the smallest 44 alone ~1,000,000),
        // then empty ones: 80 pages in all.
        for (int offset = 0; offset < 80; offset++) {
            page("/api/articles?author=" + author.username() + "&limit=60&offset=" + offset);
        }
        assertTrue(publicArticles.pageCount() > 0, "pages are kept");
        assertTrue(publicArticles.pageCount() <= PublicArticles.MAX_PAGES, "pages: " + publicArticles.pageCount());
        assertTrue(publicArticles.pageText() <= PublicArticles.MAX_PAGES_TEXT, "characters: " + publicArticles.pageText());
    }

    private io.micronaut.json.tree.JsonNode page(String path) {
        var response = api.get(path, null);
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    private io.micronaut.json.tree.JsonNode first(String path) {
        var articles = page(path).get("articles");
        assertTrue(articles.size() > 0, path + " is empty");
        return articles.get(0);
    }

    private io.micronaut.json.tree.JsonNode anonymous(String path) {
        return read(api.get(path, null));
    }

    private static io.micronaut.json.tree.JsonNode read(Api.Response response) {
        assertEquals(200, response.status(), response.body());
        return response.json().get("article");
    }

    private static long articleId(String slug) throws SQLException {
        try (Connection db = TestDatabase.connect(); var select = db.prepareStatement("SELECT id FROM articles WHERE slug = ?")) {
            select.setString(1, slug);
            try (var row = select.executeQuery()) {
                assertTrue(row.next());
                return row.getLong(1);
            }
        }
    }

    private static void writeBodyWithoutMessage(String slug, String body) throws SQLException {
        writeWithoutMessage(slug, "body", body);
    }

    private static void writeTitleWithoutMessage(String slug, String title) throws SQLException {
        writeWithoutMessage(slug, "title", title);
    }

    /** Changes a column of an article with the triggers off for this session: the change sends no message. */
    private static void writeWithoutMessage(String slug, String column, String value) throws SQLException {
        try (Connection db = TestDatabase.connect(); var statement = db.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            try (var update = db.prepareStatement("UPDATE articles SET " + column + " = ? WHERE slug = ?")) {
                update.setString(1, value);
                update.setString(2, slug);
                assertEquals(1, update.executeUpdate());
            }
        }
    }

    private static void announce(long articleId) throws SQLException {
        try (Connection db = TestDatabase.connect(); var notify = db.prepareStatement("SELECT pg_notify('conduit_articles', ?)")) {
            notify.setString(1, Long.toString(articleId));
            notify.execute();
        }
    }
}

package conduit.system;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Browsers and mobile apps revalidate with ETags instead of downloading unchanged data again. */
@MicronautTest(transactional = false)
class HttpCachingApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Test
    void answersAnUnchangedArticleWith304AndAChangedOneWith200AndANewTag() {
        var author = users.aUser();
        var article = articles.anArticle(author);
        var first = api.get(article.path(), null);
        String etag = first.header("ETag").orElseThrow();

        var unchanged = conditionalGet(article.path(), etag, null);
        assertEquals(304, unchanged.status());
        assertEquals("", unchanged.body(), "a 304 has no body");
        assertEquals(etag, unchanged.header("ETag").orElse(null));

        api.put(article.path(), "{\"article\":{\"body\":\"rewritten\"}}", author.token());
        var changed = conditionalGet(article.path(), etag, null);
        assertEquals(200, changed.status());
        assertNotEquals(etag, changed.header("ETag").orElseThrow());
        assertEquals("rewritten", changed.json().get("article").get("body").getStringValue());
    }

    @Test
    void aPerCallerChangeSuchAsFavoritingChangesTheTag() {
        var author = users.aUser();
        var reader = users.aUser();
        var article = articles.anArticle(author);
        String before = api.get(article.path(), reader.token()).header("ETag").orElseThrow();

        api.post(article.path() + "/favorite", null, reader.token());

        var after = conditionalGet(article.path(), before, reader.token());
        assertEquals(200, after.status(), "the reader's view now says favorited: true");
        assertTrue(after.json().get("article").get("favorited").getBooleanValue());
    }

    @Test
    void tagsListsProfilesAndCommentsCarryEtagsAndRevalidate() {
        var author = users.aUser();
        var article = articles.anArticle(author);
        for (String path : List.of("/api/tags", "/api/articles?author=" + author.username(),
                "/api/profiles/" + author.username(), article.path() + "/comments")) {
            String etag = api.get(path, null).header("ETag").orElseThrow(() -> new AssertionError(path + " has no ETag"));

            assertEquals(304, conditionalGet(path, etag, null).status(), path);
        }
        String feedTag = api.get("/api/articles/feed", author.token()).header("ETag").orElseThrow();
        assertEquals(304, conditionalGet("/api/articles/feed", feedTag, author.token()).status());
    }

    @Test
    void marksCallerSpecificAnswersPrivateAndSharedOnesPublic() {
        var reader = users.aUser();

        assertEquals("private, no-cache", api.get("/api/articles", reader.token()).header("Cache-Control").orElse(null));
        assertEquals("public, no-cache", api.get("/api/articles", null).header("Cache-Control").orElse(null));
        assertEquals("public, no-cache", api.get("/api/tags", null).header("Cache-Control").orElse(null));
        assertEquals("public, no-cache", api.get("/api/tags", reader.token()).header("Cache-Control").orElse(null),
                "the tag list is the same for everyone");
        assertTrue(api.get("/api/articles", null).headers().getOrDefault("vary", List.of()).stream()
                .anyMatch(v -> v.contains("Authorization")), "shared caches must key on the token");
    }

    @Test
    void theTagListIsRevalidatedSoADeletedArticlesTagsLeaveAtOnce() {
        var author = users.aUser();
        String tag = Users.uniqueName("gone");
        var article = articles.anArticle(author, List.of(tag));
        var before = api.get("/api/tags", null);
        assertTrue(before.body().contains(tag));
        String etag = before.header("ETag").orElseThrow();
        assertEquals(304, conditionalGet("/api/tags", etag, null).status(), "unchanged: cheap to revalidate");

        assertEquals(204, api.delete(article.path(), author.token()).status());

        var after = conditionalGet("/api/tags", etag, null);
        assertEquals(200, after.status(), "the old tag is no longer current");
        assertFalse(after.body().contains(tag), after.body());
    }

    @Test
    void neverLetsResponsesWithATokenBeStored() {
        var jake = users.aUser();

        assertEquals("no-store", api.get("/api/user", jake.token()).header("Cache-Control").orElse(null));
        assertEquals("no-store", api.post("/api/users/login", """
                {"user":{"email":"%s","password":"%s"}}""".formatted(jake.email(), jake.password()), null)
                .header("Cache-Control").orElse(null));
        assertTrue(api.get("/api/user", jake.token()).header("ETag").isEmpty());
    }

    private Api.Response conditionalGet(String path, String etag, String token) {
        return token == null
                ? api.send("GET", path, null, Map.of("If-None-Match", etag))
                : api.send("GET", path, null, Map.of("If-None-Match", etag, "Authorization", "Token " + token));
    }
}

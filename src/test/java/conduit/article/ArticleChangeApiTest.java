package conduit.article;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.Users;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Updating and deleting articles: only by the author, and a failed request changes nothing. */
@MicronautTest(transactional = false)
class ArticleChangeApiTest extends ApiTestSupport {

    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Test
    void updatesOnlyTheFieldsThatAreSent() {
        var jake = users.aUser();
        var article = articles.anArticle(jake, List.of(Users.uniqueName("kept")));
        JsonNode before = api.get(article.path(), null).json().get("article");

        var response = api.put(article.path(), "{\"article\":{\"body\":\"With two hands\"}}", jake.token());

        assertEquals(200, response.status(), response.body());
        JsonNode updated = response.json().get("article");
        assertEquals("With two hands", updated.get("body").getStringValue());
        assertEquals(article.slug(), updated.get("slug").getStringValue(), "the slug stays while the title does");
        assertEquals(article.title(), updated.get("title").getStringValue());
        assertEquals(article.description(), updated.get("description").getStringValue());
        assertEquals(article.tagList(), Articles.strings(updated.get("tagList")));
        assertEquals(before.get("createdAt").getStringValue(), updated.get("createdAt").getStringValue());
        assertFalse(Instant.parse(updated.get("updatedAt").getStringValue())
                .isBefore(Instant.parse(before.get("updatedAt").getStringValue())));
        assertTrue(updated.get("updatedAt").getStringValue().matches(TIMESTAMP));
        assertEquals("With two hands", api.get(article.path(), null).json().get("article").get("body").getStringValue(),
                "the change is stored");
    }

    @Test
    void changingTheTitleChangesTheSlugAndTheOldSlugIsGone() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);
        String unique = Users.uniqueName("renamed");

        var response = api.put(article.path(), """
                {"article":{"title":"Did you train your dragon %s?","description":"New description"}}""".formatted(unique),
                jake.token());

        assertEquals(200, response.status(), response.body());
        JsonNode updated = response.json().get("article");
        String newSlug = "did-you-train-your-dragon-" + unique.toLowerCase().replace('_', '-');
        assertEquals(newSlug, updated.get("slug").getStringValue());
        assertEquals("New description", updated.get("description").getStringValue());
        assertEquals(article.body(), updated.get("body").getStringValue());
        assertEquals(404, api.get(article.path(), null).status(), "the old slug no longer answers");
        assertEquals(200, api.get("/api/articles/" + newSlug, null).status());
    }

    @Test
    void changingTheTitleToOneWhoseSlugIsTakenGivesASuffixedSlug() {
        var jake = users.aUser();
        var taken = articles.anArticle(jake);
        var article = articles.anArticle(jake);

        var response = api.put(article.path(), "{\"article\":{\"title\":\"%s\"}}".formatted(taken.title()), jake.token());

        assertEquals(200, response.status(), response.body());
        String newSlug = response.json().get("article").get("slug").getStringValue();
        assertTrue(newSlug.matches(taken.slug() + "-[a-z0-9]{6}"), newSlug);
        assertEquals(taken.title(), api.get(taken.path(), null).json().get("article").get("title").getStringValue(),
                "the other article keeps its slug");
    }

    @Test
    void replacesTheTagsWithAnUpdatesTagListAndIgnoresUnknownFields() {
        var jake = users.aUser();
        String tag = Users.uniqueName("original");
        var article = articles.anArticle(jake, List.of(tag));

        var response = api.put(article.path(), """
                {"article":{"body":"new body","tagList":["replaced"],"favoritesCount":99},"extra":true}""", jake.token());

        assertEquals(200, response.status(), response.body());
        JsonNode updated = response.json().get("article");
        assertEquals("new body", updated.get("body").getStringValue());
        assertEquals(List.of("replaced"), Articles.strings(updated.get("tagList")));
        assertEquals(0, updated.get("favoritesCount").getIntValue());
    }

    @Test
    void refusesUpdatesByAnyoneButTheAuthorAndChangesNothing() {
        var jake = users.aUser();
        var intruder = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.put(article.path(), "{\"article\":{\"title\":\"Hijacked\",\"body\":\"mine now\"}}",
                intruder.token());

        assertEquals(403, response.status());
        assertEquals(List.of("article forbidden"), response.errors());
        JsonNode unchanged = api.get(article.path(), null).json().get("article");
        assertEquals(article.title(), unchanged.get("title").getStringValue());
        assertEquals(article.body(), unchanged.get("body").getStringValue());
    }

    @Test
    void rejectsABlankTitleInAnUpdateAndChangesNothing() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.put(article.path(), "{\"article\":{\"title\":\"  \",\"body\":\"should not be saved\"}}",
                jake.token());

        assertEquals(422, response.status());
        assertEquals(List.of("title can't be blank"), response.errors());
        JsonNode unchanged = api.get(article.path(), null).json().get("article");
        assertEquals(article.title(), unchanged.get("title").getStringValue());
        assertEquals(article.body(), unchanged.get("body").getStringValue(), "a failed request changes nothing");
    }

    @Test
    void requiresATokenToUpdate() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.put(article.path(), "{\"article\":{\"body\":\"anonymous edit\"}}", null);

        assertEquals(401, response.status());
        assertEquals(List.of("token is missing"), response.errors());
        assertEquals(article.body(), api.get(article.path(), null).json().get("article").get("body").getStringValue());
    }

    @Test
    void deletesAnArticleWith204AndNoBody() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.delete(article.path(), jake.token());

        assertEquals(204, response.status(), response.body());
        assertTrue(response.body().isEmpty(), "no body: " + response.body());
        var after = api.get(article.path(), null);
        assertEquals(404, after.status());
        assertEquals(List.of("article not found"), after.errors());
        assertEquals(0, articlesBy(jake));
        assertEquals(404, api.delete(article.path(), jake.token()).status(), "deleting twice finds nothing the second time");
    }

    @Test
    void deletingAnArticleTakesItsCommentsAndFavoritesWithIt() {
        var jake = users.aUser();
        var fan = users.aUser();
        var article = articles.anArticle(jake);
        api.post(article.path() + "/favorite", null, fan.token());
        api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"great\"}}", fan.token());

        assertEquals(204, api.delete(article.path(), jake.token()).status());

        assertEquals(404, api.get(article.path() + "/comments", null).status());
        var favorites = api.get("/api/articles?favorited=" + fan.username(), fan.token()).json();
        assertEquals(0, favorites.get("articlesCount").getIntValue(), "the fan's favorites no longer list it");
        assertEquals(0, favorites.get("articles").size());
    }

    @Test
    void refusesDeletionByAnyoneButTheAuthorAndKeepsTheArticle() {
        var jake = users.aUser();
        var intruder = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.delete(article.path(), intruder.token());

        assertEquals(403, response.status());
        assertEquals(List.of("article forbidden"), response.errors());
        assertEquals(200, api.get(article.path(), null).status(), "the article is still there");
    }

    @Test
    void requiresATokenToDelete() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.delete(article.path(), null);

        assertEquals(401, response.status());
        assertEquals(List.of("token is missing"), response.errors());
        assertEquals(200, api.get(article.path(), null).status(), "the article is still there");
    }

    @Test
    void renamingAnArticleToFeedKeepsItReachable() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.put(article.path(), "{\"article\":{\"title\":\"Feed\"}}", jake.token());

        assertEquals(200, response.status(), response.body());
        String slug = response.json().get("article").get("slug").getStringValue();
        assertNotEquals("feed", slug);
        assertEquals(200, api.get("/api/articles/" + slug, null).status());
    }

    private int articlesBy(Users.Registered author) {
        return api.get("/api/articles?author=" + author.username(), null).json().get("articlesCount").getIntValue();
    }
}

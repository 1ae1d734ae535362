package conduit.article;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.Users;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating and reading articles. */
@MicronautTest(transactional = false)
class ArticleApiTest extends ApiTestSupport {

    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Test
    void createsAnArticleWithASlugFromTheTitleAndAnswers201() {
        var jake = users.aUser();
        String unique = Users.uniqueName("dragon");

        var response = api.post("/api/articles", """
                {"article":{"title":"How to Train Your Dragon %s","description":"Ever wonder how?",
                "body":"You have to believe","tagList":["dragons","angularjs"]}}""".formatted(unique), jake.token());

        assertEquals(201, response.status(), response.body());
        JsonNode article = response.json().get("article");
        assertEquals("how-to-train-your-dragon-" + unique.toLowerCase().replace('_', '-'),
                article.get("slug").getStringValue());
        assertEquals("How to Train Your Dragon " + unique, article.get("title").getStringValue());
        assertEquals("Ever wonder how?", article.get("description").getStringValue());
        assertEquals("You have to believe", article.get("body").getStringValue());
        assertEquals(List.of("angularjs", "dragons"), Articles.strings(article.get("tagList")), "tags come back sorted");
        assertTrue(article.get("createdAt").getStringValue().matches(TIMESTAMP), article.get("createdAt").getStringValue());
        assertEquals(article.get("createdAt").getStringValue(), article.get("updatedAt").getStringValue(),
                "a new article has not been updated yet");
        assertFalse(article.get("favorited").getBooleanValue());
        assertEquals(0, article.get("favoritesCount").getIntValue());
        JsonNode author = article.get("author");
        assertEquals(jake.username(), author.get("username").getStringValue());
        assertTrue(author.get("bio").isNull());
        assertTrue(author.get("image").isNull());
        assertFalse(author.get("following").getBooleanValue());
        assertEquals(10, article.size(), "exactly the RealWorld article fields: " + response.body());
    }

    @Test
    void derivesALowercaseAsciiSlugFromAnyTitle() {
        var jake = users.aUser();
        String unique = Users.uniqueName("x");

        var article = articles.publish(jake, "  Crème Brûlée: 10 Ways!  " + unique + " ", List.of());

        assertEquals("creme-brulee-10-ways-" + unique.toLowerCase().replace('_', '-'), article.slug());
        assertEquals("Crème Brûlée: 10 Ways!  " + unique, article.title(), "the title is trimmed, not rewritten");
    }

    @Test
    void givesASecondArticleWithTheSameTitleASuffixedSlug() {
        var jake = users.aUser();
        var other = users.aUser();
        String title = "Same Title " + Users.uniqueName("twin");

        var first = articles.publish(jake, title, List.of());
        var second = articles.publish(other, title, List.of());

        assertTrue(second.slug().matches(first.slug() + "-[a-z0-9]{6}"), second.slug());
        assertEquals(title, api.get(first.path(), null).json().get("article").get("title").getStringValue());
        assertEquals(title, api.get(second.path(), null).json().get("article").get("title").getStringValue());
    }

    @Test
    void trimsTagsDropsBlankOnesAndKeepsDuplicatesOnce() {
        var jake = users.aUser();
        String zebra = Users.uniqueName("zebra");
        String apple = Users.uniqueName("apple");

        var article = articles.anArticle(jake, List.of(" " + zebra + " ", apple, "", "   ", zebra));

        assertEquals(List.of(apple, zebra), article.tagList());
        assertEquals(List.of(apple, zebra),
                Articles.strings(api.get(article.path(), null).json().get("article").get("tagList")),
                "the stored tags read back the same");
    }

    @Test
    void createsAnArticleWithoutTagsWithAnEmptyTagList() {
        var jake = users.aUser();

        var response = api.post("/api/articles", """
                {"article":{"title":"%s","description":"d","body":"b"}}""".formatted(Users.uniqueName("untagged")),
                jake.token());

        assertEquals(201, response.status(), response.body());
        JsonNode tagList = response.json().get("article").get("tagList");
        assertTrue(tagList.isArray());
        assertEquals(0, tagList.size());
    }

    @Test
    void rejectsMissingFieldsWith422AndOneMessagePerField() {
        var jake = users.aUser();

        var response = api.post("/api/articles", "{\"article\":{}}", jake.token());

        assertEquals(422, response.status());
        assertEquals(List.of("body can't be blank", "description can't be blank", "title can't be blank"),
                response.errors());
        assertEquals(0, articlesBy(jake), "nothing was created");
    }

    @Test
    void rejectsAMissingArticleObjectWith422() {
        var jake = users.aUser();

        var response = api.post("/api/articles", "{}", jake.token());

        assertEquals(422, response.status());
        assertEquals(List.of("article can't be blank"), response.errors());
    }

    @Test
    void rejectsBlankFieldsWith422AndCreatesNothing() {
        var jake = users.aUser();

        var response = api.post("/api/articles", """
                {"article":{"title":"   ","description":"","body":" \\n ","tagList":["fine"]}}""", jake.token());

        assertEquals(422, response.status());
        assertEquals(List.of("title can't be blank", "description can't be blank", "body can't be blank"),
                response.errors());
        assertEquals(0, articlesBy(jake), "nothing was created");
    }

    @Test
    void rejectsMoreThanTwentyTagsWith422() {
        var jake = users.aUser();
        String prefix = Users.uniqueName("many");
        String tags = String.join(",", IntStream.rangeClosed(1, 21)
                .mapToObj(i -> "\"" + prefix + "_" + i + "\"").toList());

        var response = api.post("/api/articles", """
                {"article":{"title":"t","description":"d","body":"b","tagList":[%s]}}""".formatted(tags), jake.token());

        assertEquals(422, response.status());
        assertEquals(List.of("tagList has too many tags (maximum is 20)"), response.errors());
        assertEquals(0, articlesBy(jake), "nothing was created");
        assertEquals(0, api.get("/api/articles?tag=" + prefix + "_1", null).json().get("articlesCount").getIntValue());
    }

    @Test
    void acceptsExactlyTwentyTagsOfSixtyFourCharacters() {
        var jake = users.aUser();
        String prefix = Users.uniqueName("t");
        List<String> tags = IntStream.rangeClosed(10, 29)
                .mapToObj(i -> (prefix + "_" + i + "_" + "x".repeat(64)).substring(0, 64)).toList();

        var article = articles.anArticle(jake, tags);

        assertEquals(tags.stream().sorted().toList(), article.tagList());
    }

    @Test
    void rejectsATagLongerThanSixtyFourCharactersWith422() {
        var jake = users.aUser();

        var response = api.post("/api/articles", """
                {"article":{"title":"t","description":"d","body":"b","tagList":["%s"]}}""".formatted("a".repeat(65)),
                jake.token());

        assertEquals(422, response.status());
        assertEquals(List.of("tagList has a tag that is too long (maximum is 64 characters)"), response.errors());
        assertEquals(0, articlesBy(jake), "nothing was created");
    }

    @Test
    void rejectsATitleLongerThanTwoHundredCharactersWith422() {
        var jake = users.aUser();

        var response = api.post("/api/articles", """
                {"article":{"title":"%s","description":"d","body":"b"}}""".formatted("a".repeat(201)), jake.token());

        assertEquals(422, response.status());
        assertEquals(List.of("title is too long (maximum is 200 characters)"), response.errors());
        assertEquals(0, articlesBy(jake), "nothing was created");
    }

    @Test
    void keepsTheSlugOfALongTitleAtEightyCharactersAtMost() {
        var jake = users.aUser();
        String title = Users.uniqueName("long") + " word".repeat(30);

        var article = articles.publish(jake, title, List.of());

        assertTrue(article.slug().length() <= 80, article.slug());
        assertFalse(article.slug().endsWith("-"), article.slug());
        assertEquals(title, article.title(), "the title itself is kept whole");
        assertEquals(200, api.get(article.path(), null).status());
    }

    @Test
    void anArticleTitledFeedIsReachableAtItsSlug() {
        var jake = users.aUser();

        // GET /api/articles/feed is the feed, so an article must never be given the slug "feed".
        var article = articles.publish(jake, "Feed", List.of());

        var response = api.get(article.path(), null);
        assertEquals(200, response.status(), article.slug() + " -> " + response.body());
        assertEquals("Feed", response.json().get("article").get("title").getStringValue());
    }

    @Test
    void requiresATokenToCreate() {
        var response = api.post("/api/articles", """
                {"article":{"title":"t","description":"d","body":"b"}}""", null);

        assertEquals(401, response.status());
        assertEquals(List.of("token is missing"), response.errors());
        assertEquals(401, api.post("/api/articles", """
                {"article":{"title":"t","description":"d","body":"b"}}""", "garbage").status());
    }

    @Test
    void showsAnArticleToAnonymousCallersAsNotFavoritedAndNotFollowed() {
        var jake = users.aUser();
        var article = articles.anArticle(jake, List.of(Users.uniqueName("tag")));

        var response = api.get(article.path(), null);

        assertEquals(200, response.status(), response.body());
        JsonNode shown = response.json().get("article");
        assertEquals(article.slug(), shown.get("slug").getStringValue());
        assertEquals(article.title(), shown.get("title").getStringValue());
        assertEquals(article.description(), shown.get("description").getStringValue());
        assertEquals(article.body(), shown.get("body").getStringValue());
        assertEquals(article.tagList(), Articles.strings(shown.get("tagList")));
        assertEquals(jake.username(), shown.get("author").get("username").getStringValue());
        assertFalse(shown.get("favorited").getBooleanValue());
        assertFalse(shown.get("author").get("following").getBooleanValue());
    }

    @Test
    void answersAnUnknownSlugWith404() {
        var jake = users.aUser();
        String path = "/api/articles/" + Users.uniqueName("no-such-article");

        for (var response : List.of(api.get(path, null), api.get(path, jake.token()),
                api.put(path, "{\"article\":{\"body\":\"x\"}}", jake.token()), api.delete(path, jake.token()))) {
            assertEquals(404, response.status());
            assertEquals(List.of("article not found"), response.errors());
        }
    }

    @Test
    void newArticlesGetDistinctSlugsEvenFromTitlesThatDifferOnlyInPunctuation() {
        var jake = users.aUser();
        String unique = Users.uniqueName("punct");

        var plain = articles.publish(jake, "Hello World " + unique, List.of());
        var shouted = articles.publish(jake, "Hello, World! " + unique, List.of());

        assertNotEquals(plain.slug(), shouted.slug());
        assertEquals("Hello, World! " + unique,
                api.get(shouted.path(), null).json().get("article").get("title").getStringValue());
    }

    @Test
    void rejectsANullTagWith422NamingTheList() {
        var jake = users.aUser();

        var response = api.post("/api/articles", """
                {"article":{"title":"t","description":"d","body":"b","tagList":["fine",null]}}""", jake.token());

        assertEquals(422, response.status());
        assertEquals(List.of("tagList must not contain null"), response.errors());
    }

    private int articlesBy(Users.Registered author) {
        return api.get("/api/articles?author=" + author.username(), null).json().get("articlesCount").getIntValue();
    }
}

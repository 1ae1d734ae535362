package conduit.article;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.Users;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lists and the feed. The database is shared by the whole run, so every list here is narrowed to this test's data. */
@MicronautTest(transactional = false)
class ArticleListApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Test
    void listsAnAuthorsArticlesNewestFirstWithoutAuth() {
        var jake = users.aUser();
        var first = articles.anArticle(jake);
        var second = articles.anArticle(jake);
        var third = articles.anArticle(jake);
        articles.anArticle(users.aUser());

        var response = api.get("/api/articles?author=" + jake.username(), null);

        assertEquals(200, response.status(), response.body());
        assertEquals(List.of(third.slug(), second.slug(), first.slug()), slugs(response));
        assertEquals(3, count(response));
    }

    @Test
    void listsAndTheFeedLeaveTheBodyOutAndTheArticleItselfHasIt() {
        var jake = users.aUser();
        var reader = users.aUser();
        var article = articles.anArticle(jake);
        assertEquals(200, api.post("/api/profiles/" + jake.username() + "/follow", null, reader.token()).status());

        for (var list : List.of(api.get("/api/articles?author=" + jake.username(), null),
                api.get("/api/articles/feed", reader.token()))) {
            JsonNode item = list.json().get("articles").get(0);
            assertEquals(article.slug(), item.get("slug").getStringValue(), list.body());
            assertTrue(item.get("body") == null, "RealWorld 2.0.0 list items have no body: " + list.body());
            assertEquals(article.description(), item.get("description").getStringValue());
        }
        assertEquals(article.body(), api.get(article.path(), null).json().get("article").get("body").getStringValue());
    }

    @Test
    void matchesTheAuthorRegardlessOfCase() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.get("/api/articles?author=" + jake.username().toUpperCase(), null);

        assertEquals(List.of(article.slug()), slugs(response));
    }

    @Test
    void filtersByTagAcrossAuthors() {
        String tag = Users.uniqueName("dragons");
        var jake = users.aUser();
        var celeb = users.aUser();
        var tagged = articles.anArticle(jake, List.of(tag, Users.uniqueName("other")));
        articles.anArticle(jake, List.of(Users.uniqueName("unrelated")));
        var alsoTagged = articles.anArticle(celeb, List.of(tag));

        var response = api.get("/api/articles?tag=" + tag, null);

        assertEquals(200, response.status(), response.body());
        assertEquals(List.of(alsoTagged.slug(), tagged.slug()), slugs(response));
        assertEquals(2, count(response));
        JsonNode first = response.json().get("articles").get(1);
        assertEquals(tagged.tagList(), Articles.strings(first.get("tagList")), "listed articles carry all their tags");
    }

    @Test
    void filtersByWhoFavoritedRegardlessOfCase() {
        var jake = users.aUser();
        var fan = users.aUser();
        var liked = articles.anArticle(jake);
        articles.anArticle(jake);
        var alsoLiked = articles.anArticle(jake);
        api.post(liked.path() + "/favorite", null, fan.token());
        api.post(alsoLiked.path() + "/favorite", null, fan.token());

        var response = api.get("/api/articles?favorited=" + fan.username().toUpperCase(), null);

        assertEquals(List.of(alsoLiked.slug(), liked.slug()), slugs(response));
        assertEquals(2, count(response));
    }

    @Test
    void combinesFilters() {
        String tag = Users.uniqueName("combo");
        var jake = users.aUser();
        var celeb = users.aUser();
        var fan = users.aUser();
        var jakesTagged = articles.anArticle(jake, List.of(tag));
        var jakesTaggedAndLiked = articles.anArticle(jake, List.of(tag));
        articles.anArticle(jake);
        var celebsTaggedAndLiked = articles.anArticle(celeb, List.of(tag));
        api.post(jakesTaggedAndLiked.path() + "/favorite", null, fan.token());
        api.post(celebsTaggedAndLiked.path() + "/favorite", null, fan.token());

        var tagAndAuthor = api.get("/api/articles?tag=" + tag + "&author=" + jake.username(), null);
        var all = api.get("/api/articles?tag=" + tag + "&author=" + jake.username() + "&favorited=" + fan.username(), null);

        assertEquals(List.of(jakesTaggedAndLiked.slug(), jakesTagged.slug()), slugs(tagAndAuthor));
        assertEquals(2, count(tagAndAuthor));
        assertEquals(List.of(jakesTaggedAndLiked.slug()), slugs(all));
        assertEquals(1, count(all));
    }

    @Test
    void answersFiltersThatMatchNothingWithAnEmptyPage() {
        String nobody = Users.uniqueName("nobody");

        for (String query : List.of("author=" + nobody, "tag=" + nobody, "favorited=" + nobody)) {
            var response = api.get("/api/articles?" + query, null);

            assertEquals(200, response.status(), query + ": " + response.body());
            assertEquals(0, response.json().get("articles").size(), query);
            assertEquals(0, count(response), query);
        }
    }

    @Test
    void pagesWithLimitAndOffsetWhileArticlesCountStaysTheTotal() {
        var jake = users.aUser();
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newestFirst.add(0, articles.anArticle(jake).slug());
        }
        String list = "/api/articles?author=" + jake.username();

        var firstPage = api.get(list + "&limit=2", null);
        var secondPage = api.get(list + "&limit=2&offset=2", null);
        var lastPage = api.get(list + "&limit=2&offset=4", null);
        var beyond = api.get(list + "&limit=2&offset=10", null);

        assertEquals(newestFirst.subList(0, 2), slugs(firstPage));
        assertEquals(newestFirst.subList(2, 4), slugs(secondPage));
        assertEquals(newestFirst.subList(4, 5), slugs(lastPage));
        assertEquals(List.of(), slugs(beyond));
        for (var page : List.of(firstPage, secondPage, lastPage, beyond)) {
            assertEquals(5, count(page), "articlesCount is the total, not the page size");
        }
    }

    @Test
    void returnsTwentyArticlesByDefaultAndUpToAHundredOnRequest() {
        var jake = users.aUser();
        for (int i = 0; i < 21; i++) {
            articles.anArticle(jake);
        }

        var byDefault = api.get("/api/articles?author=" + jake.username(), null);
        var upToHundred = api.get("/api/articles?author=" + jake.username() + "&limit=100", null);

        assertEquals(20, slugs(byDefault).size());
        assertEquals(21, count(byDefault));
        assertEquals(21, slugs(upToHundred).size());
    }

    @Test
    void rejectsInvalidLimitAndOffsetWith422() {
        var jake = users.aUser();
        record Case(String query, String message) {
        }
        for (var bad : List.of(
                new Case("limit=abc", "limit is invalid"),
                new Case("limit=0", "limit must be greater than or equal to 1"),
                new Case("limit=-5", "limit must be greater than or equal to 1"),
                new Case("limit=101", "limit must be less than or equal to 100"),
                new Case("offset=-1", "offset must be greater than or equal to 0"),
                new Case("offset=x", "offset is invalid"))) {
            for (String list : List.of("/api/articles?", "/api/articles/feed?")) {
                var response = api.get(list + bad.query(), jake.token());

                assertEquals(422, response.status(), list + bad.query() + " -> " + response.body());
                assertEquals(List.of(bad.message()), response.errors(), list + bad.query());
            }
        }
        var both = api.get("/api/articles?limit=101&offset=-1", null);
        assertEquals(422, both.status());
        assertEquals(List.of("limit must be less than or equal to 100", "offset must be greater than or equal to 0"),
                both.errors(), "every problem is reported at once");
    }

    @Test
    void showsFavoritedAndFollowingRelativeToTheCaller() {
        var jake = users.aUser();
        var fan = users.aUser();
        var stranger = users.aUser();
        var article = articles.anArticle(jake);
        api.post("/api/profiles/" + jake.username() + "/follow", null, fan.token());
        api.post(article.path() + "/favorite", null, fan.token());
        String list = "/api/articles?author=" + jake.username();

        JsonNode forFan = api.get(list, fan.token()).json().get("articles").get(0);
        JsonNode forStranger = api.get(list, stranger.token()).json().get("articles").get(0);
        JsonNode forAnonymous = api.get(list, null).json().get("articles").get(0);

        assertTrue(forFan.get("favorited").getBooleanValue());
        assertTrue(forFan.get("author").get("following").getBooleanValue());
        for (JsonNode other : List.of(forStranger, forAnonymous)) {
            assertFalse(other.get("favorited").getBooleanValue());
            assertFalse(other.get("author").get("following").getBooleanValue());
            assertEquals(1, other.get("favoritesCount").getIntValue(), "the count is the same for everyone");
        }
        JsonNode single = api.get(article.path(), fan.token()).json().get("article");
        assertTrue(single.get("favorited").getBooleanValue(), "a single article shows the same flags");
        assertTrue(single.get("author").get("following").getBooleanValue());
    }

    @Test
    void feedShowsArticlesOfFollowedAuthorsOnlyNewestFirst() {
        var reader = users.aUser();
        var jake = users.aUser();
        var celeb = users.aUser();
        var ignored = users.aUser();
        api.post("/api/profiles/" + jake.username() + "/follow", null, reader.token());
        api.post("/api/profiles/" + celeb.username() + "/follow", null, reader.token());
        var jakes = articles.anArticle(jake);
        articles.anArticle(ignored);
        var celebs = articles.anArticle(celeb);
        var jakesLatest = articles.anArticle(jake);
        articles.anArticle(reader);

        var response = api.get("/api/articles/feed", reader.token());

        assertEquals(200, response.status(), response.body());
        assertEquals(List.of(jakesLatest.slug(), celebs.slug(), jakes.slug()), slugs(response));
        assertEquals(3, count(response));
        for (JsonNode article : response.json().get("articles").values()) {
            assertTrue(article.get("author").get("following").getBooleanValue());
        }
    }

    @Test
    void feedPagesLikeTheListAndEmptiesAfterUnfollowing() {
        var reader = users.aUser();
        var jake = users.aUser();
        api.post("/api/profiles/" + jake.username() + "/follow", null, reader.token());
        var first = articles.anArticle(jake);
        var second = articles.anArticle(jake);
        var third = articles.anArticle(jake);

        var page = api.get("/api/articles/feed?limit=2&offset=1", reader.token());

        assertEquals(List.of(second.slug(), first.slug()), slugs(page));
        assertEquals(3, count(page));
        assertEquals(List.of(third.slug()), slugs(api.get("/api/articles/feed?limit=1", reader.token())));

        api.delete("/api/profiles/" + jake.username() + "/follow", reader.token());
        var empty = api.get("/api/articles/feed", reader.token());
        assertEquals(List.of(), slugs(empty));
        assertEquals(0, count(empty));
    }

    @Test
    void feedIsEmptyForSomeoneWhoFollowsNobody() {
        var loner = users.aUser();
        articles.anArticle(loner);

        var response = api.get("/api/articles/feed", loner.token());

        assertEquals(200, response.status(), response.body());
        assertEquals(List.of(), slugs(response));
        assertEquals(0, count(response));
    }

    @Test
    void feedRequiresAToken() {
        var response = api.get("/api/articles/feed", null);

        assertEquals(401, response.status());
        assertEquals(List.of("token is missing"), response.errors());
    }

    private static List<String> slugs(Api.Response response) {
        List<String> slugs = new ArrayList<>();
        for (JsonNode article : response.json().get("articles").values()) {
            slugs.add(article.get("slug").getStringValue());
        }
        return slugs;
    }

    private static int count(Api.Response response) {
        return response.json().get("articlesCount").getIntValue();
    }
}

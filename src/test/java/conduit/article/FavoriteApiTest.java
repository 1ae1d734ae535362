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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
class FavoriteApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Test
    void favoritingReturnsTheArticleAsFavoritedWithTheNewCount() {
        var jake = users.aUser();
        var fan = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.post(article.path() + "/favorite", null, fan.token());

        assertEquals(200, response.status(), response.body());
        JsonNode favorited = response.json().get("article");
        assertEquals(article.slug(), favorited.get("slug").getStringValue());
        assertTrue(favorited.get("favorited").getBooleanValue());
        assertEquals(1, favorited.get("favoritesCount").getIntValue());
        assertEquals(jake.username(), favorited.get("author").get("username").getStringValue());
    }

    @Test
    void countsEveryFanButShowsFavoritedOnlyToThoseWhoFavorited() {
        var jake = users.aUser();
        var fan = users.aUser();
        var otherFan = users.aUser();
        var article = articles.anArticle(jake);
        api.post(article.path() + "/favorite", null, fan.token());

        var second = api.post(article.path() + "/favorite", null, otherFan.token());

        assertEquals(2, second.json().get("article").get("favoritesCount").getIntValue());
        JsonNode forFan = articleAsSeenBy(article, fan);
        assertTrue(forFan.get("favorited").getBooleanValue());
        assertEquals(2, forFan.get("favoritesCount").getIntValue());
        JsonNode forAuthor = articleAsSeenBy(article, jake);
        assertFalse(forAuthor.get("favorited").getBooleanValue(), "the author did not favorite it");
        assertEquals(2, forAuthor.get("favoritesCount").getIntValue());
        JsonNode forAnonymous = api.get(article.path(), null).json().get("article");
        assertFalse(forAnonymous.get("favorited").getBooleanValue());
        assertEquals(2, forAnonymous.get("favoritesCount").getIntValue());
    }

    @Test
    void unfavoritingReturnsTheArticleAsNotFavoritedWithTheNewCount() {
        var jake = users.aUser();
        var fan = users.aUser();
        var otherFan = users.aUser();
        var article = articles.anArticle(jake);
        api.post(article.path() + "/favorite", null, fan.token());
        api.post(article.path() + "/favorite", null, otherFan.token());

        var response = api.delete(article.path() + "/favorite", fan.token());

        assertEquals(200, response.status(), response.body());
        JsonNode unfavorited = response.json().get("article");
        assertFalse(unfavorited.get("favorited").getBooleanValue());
        assertEquals(1, unfavorited.get("favoritesCount").getIntValue(), "the other fan's favorite stays");
        assertFalse(articleAsSeenBy(article, fan).get("favorited").getBooleanValue());
        assertTrue(articleAsSeenBy(article, otherFan).get("favorited").getBooleanValue());
    }

    @Test
    void favoritingTwiceAndUnfavoritingTwiceAreHarmless() {
        var jake = users.aUser();
        var fan = users.aUser();
        var article = articles.anArticle(jake);
        String path = article.path() + "/favorite";

        api.post(path, null, fan.token());
        var again = api.post(path, null, fan.token());

        assertEquals(200, again.status(), again.body());
        assertTrue(again.json().get("article").get("favorited").getBooleanValue());
        assertEquals(1, again.json().get("article").get("favoritesCount").getIntValue(), "a fan counts once");

        api.delete(path, fan.token());
        var againDeleted = api.delete(path, fan.token());

        assertEquals(200, againDeleted.status(), againDeleted.body());
        assertFalse(againDeleted.json().get("article").get("favorited").getBooleanValue());
        assertEquals(0, againDeleted.json().get("article").get("favoritesCount").getIntValue());
    }

    @Test
    void unfavoritingAnArticleThatWasNeverFavoritedChangesNothing() {
        var jake = users.aUser();
        var fan = users.aUser();
        var stranger = users.aUser();
        var article = articles.anArticle(jake);
        api.post(article.path() + "/favorite", null, fan.token());

        var response = api.delete(article.path() + "/favorite", stranger.token());

        assertEquals(200, response.status(), response.body());
        assertFalse(response.json().get("article").get("favorited").getBooleanValue());
        assertEquals(1, response.json().get("article").get("favoritesCount").getIntValue());
    }

    @Test
    void authorsMayFavoriteTheirOwnArticles() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.post(article.path() + "/favorite", null, jake.token());

        assertEquals(200, response.status(), response.body());
        assertTrue(response.json().get("article").get("favorited").getBooleanValue());
        assertEquals(1, response.json().get("article").get("favoritesCount").getIntValue());
    }

    @Test
    void answersUnknownArticlesWith404() {
        var fan = users.aUser();
        String path = "/api/articles/" + Users.uniqueName("ghost") + "/favorite";

        for (var response : List.of(api.post(path, null, fan.token()), api.delete(path, fan.token()))) {
            assertEquals(404, response.status());
            assertEquals(List.of("article not found"), response.errors());
        }
    }

    @Test
    void requiresATokenToFavoriteOrUnfavorite() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);
        String path = article.path() + "/favorite";

        for (var response : List.of(api.post(path, null, null), api.delete(path, null))) {
            assertEquals(401, response.status());
            assertEquals(List.of("token is missing"), response.errors());
        }
        assertEquals(List.of("token is invalid"), api.post(path, null, "garbage").errors());
        
        assertEquals(0, api.get(article.path(), null).json().get("article").get("favoritesCount").getIntValue(),
                "nothing was favorited");
    }

    private JsonNode articleAsSeenBy(Articles.Published article, Users.Registered viewer) {
        return api.get(article.path(), viewer.token()).json().get("article");
    }
}

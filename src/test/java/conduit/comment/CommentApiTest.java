package conduit.comment;

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

@MicronautTest(transactional = false)
class CommentApiTest extends ApiTestSupport {

    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Test
    void addsACommentAndReturnsItWith201() {
        var jake = users.aUser();
        var reader = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"Thank you so much!\"}}",
                reader.token());

        assertEquals(201, response.status(), response.body());
        JsonNode comment = response.json().get("comment");
        assertTrue(comment.get("id").isNumber(), response.body());
        assertEquals("Thank you so much!", comment.get("body").getStringValue());
        assertTrue(comment.get("createdAt").getStringValue().matches(TIMESTAMP), comment.get("createdAt").getStringValue());
        assertEquals(comment.get("createdAt").getStringValue(), comment.get("updatedAt").getStringValue());
        JsonNode author = comment.get("author");
        assertEquals(reader.username(), author.get("username").getStringValue());
        assertTrue(author.get("bio").isNull());
        assertTrue(author.get("image").isNull());
        assertFalse(author.get("following").getBooleanValue());
        assertEquals(5, comment.size(), "exactly the RealWorld comment fields: " + response.body());
    }

    @Test
    void listsAnArticlesCommentsNewestFirstWithoutAuth() {
        var jake = users.aUser();
        var reader = users.aUser();
        var article = articles.anArticle(jake);
        var elsewhere = articles.anArticle(jake);
        long first = comment(article, reader, "first");
        comment(elsewhere, reader, "on another article");
        long second = comment(article, jake, "second");

        var response = api.get(article.path() + "/comments", null);

        assertEquals(200, response.status(), response.body());
        assertEquals(List.of(second, first), ids(response));
        JsonNode newest = response.json().get("comments").get(0);
        assertEquals("second", newest.get("body").getStringValue());
        assertEquals(jake.username(), newest.get("author").get("username").getStringValue());
    }

    @Test
    void listsNoCommentsAsAnEmptyArray() {
        var article = articles.anArticle(users.aUser());

        var response = api.get(article.path() + "/comments", null);

        assertEquals(200, response.status(), response.body());
        assertTrue(response.json().get("comments").isArray());
        assertEquals(0, response.json().get("comments").size());
    }

    @Test
    void showsFollowingOfCommentAuthorsRelativeToTheCaller() {
        var jake = users.aUser();
        var commenter = users.aUser();
        var fan = users.aUser();
        var article = articles.anArticle(jake);
        comment(article, commenter, "hello");
        api.post("/api/profiles/" + commenter.username() + "/follow", null, fan.token());

        JsonNode forFan = api.get(article.path() + "/comments", fan.token()).json().get("comments").get(0);
        JsonNode forAuthor = api.get(article.path() + "/comments", jake.token()).json().get("comments").get(0);
        JsonNode forAnonymous = api.get(article.path() + "/comments", null).json().get("comments").get(0);

        assertTrue(forFan.get("author").get("following").getBooleanValue());
        assertFalse(forAuthor.get("author").get("following").getBooleanValue());
        assertFalse(forAnonymous.get("author").get("following").getBooleanValue());
    }

    @Test
    void answersCommentsOfAnUnknownArticleWith404() {
        var reader = users.aUser();
        String path = "/api/articles/" + Users.uniqueName("ghost") + "/comments";

        for (var response : List.of(api.get(path, null), api.post(path, "{\"comment\":{\"body\":\"hi\"}}", reader.token()),
                api.delete(path + "/1", reader.token()))) {
            assertEquals(404, response.status());
            assertEquals(List.of("article not found"), response.errors());
        }
    }

    @Test
    void rejectsABlankOrMissingBodyWith422AndAddsNothing() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);

        for (String body : List.of("{\"comment\":{\"body\":\"   \"}}", "{\"comment\":{\"body\":\"\"}}", "{\"comment\":{}}")) {
            var response = api.post(article.path() + "/comments", body, jake.token());

            assertEquals(422, response.status(), body + " -> " + response.body());
            assertEquals(List.of("body can't be blank"), response.errors(), body);
        }
        assertEquals(List.of(), ids(api.get(article.path() + "/comments", null)), "nothing was added");
    }

    @Test
    void rejectsABodyLongerThanTenThousandCharactersWith422() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);

        String tooLong = "x".repeat(10_001);

        var response = api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"%s\"}}".formatted(tooLong),
                jake.token());

        assertEquals(422, response.status());
        assertEquals(List.of("body is too long (maximum is 10000 characters)"), response.errors());
        assertEquals(List.of(), ids(api.get(article.path() + "/comments", null)), "nothing was added");
    }

    @Test
    void rejectsAMissingCommentObjectWith422() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.post(article.path() + "/comments", "{}", jake.token());

        assertEquals(422, response.status());
        assertEquals(List.of("comment can't be blank"), response.errors());
    }

    @Test
    void requiresATokenToComment() {
        var article = articles.anArticle(users.aUser());

        var response = api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"anonymous\"}}", null);

        assertEquals(401, response.status());
        assertEquals(List.of("token is missing"), response.errors());
        assertEquals(List.of(), ids(api.get(article.path() + "/comments", null)), "nothing was added");
    }

    @Test
    void deletesOwnCommentWith204AndNoBody() {
        var jake = users.aUser();
        var reader = users.aUser();
        var article = articles.anArticle(jake);
        long kept = comment(article, jake, "kept");
        long doomed = comment(article, reader, "doomed");

        var response = api.delete(article.path() + "/comments/" + doomed, reader.token());

        assertEquals(204, response.status(), response.body());
        assertTrue(response.body().isEmpty(), "no body: " + response.body());
        assertEquals(List.of(kept), ids(api.get(article.path() + "/comments", null)));
        var again = api.delete(article.path() + "/comments/" + doomed, reader.token());
        assertEquals(404, again.status());
        assertEquals(List.of("comment not found"), again.errors());
    }

    @Test
    void refusesToDeleteSomebodyElsesCommentEvenForTheArticleAuthor() {
        var jake = users.aUser();
        var reader = users.aUser();
        var article = articles.anArticle(jake);
        long id = comment(article, reader, "mine");

        var response = api.delete(article.path() + "/comments/" + id, jake.token());

        assertEquals(403, response.status());
        assertEquals(List.of("comment forbidden"), response.errors());
        assertEquals(List.of(id), ids(api.get(article.path() + "/comments", null)), "the comment is still there");
    }

    @Test
    void answersAnUnknownCommentOrOneOnAnotherArticleWith404() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);
        var other = articles.anArticle(jake);
        long onOther = comment(other, jake, "on the other article");

        var unknown = api.delete(article.path() + "/comments/" + (onOther + 1_000_000), jake.token());
        var wrongArticle = api.delete(article.path() + "/comments/" + onOther, jake.token());

        assertEquals(404, unknown.status());
        assertEquals(List.of("comment not found"), unknown.errors());
        assertEquals(404, wrongArticle.status());
        assertEquals(List.of("comment not found"), wrongArticle.errors());
        assertEquals(List.of(onOther), ids(api.get(other.path() + "/comments", null)), "the comment is still there");
    }

    @Test
    void rejectsACommentIdThatIsNotANumberWith422() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);

        var response = api.delete(article.path() + "/comments/abc", jake.token());

        assertEquals(422, response.status());
        assertEquals(List.of("id is invalid"), response.errors());
    }

    @Test
    void requiresATokenToDeleteAComment() {
        var jake = users.aUser();
        var article = articles.anArticle(jake);
        long id = comment(article, jake, "stays");

        var response = api.delete(article.path() + "/comments/" + id, null);

        assertEquals(401, response.status());
        assertEquals(List.of("token is missing"), response.errors());
        assertEquals(List.of(id), ids(api.get(article.path() + "/comments", null)), "the comment is still there");
    }

    private long comment(Articles.Published article, Users.Registered author, String body) {
        var response = api.post(article.path() + "/comments", "{\"comment\":{\"body\":\"%s\"}}".formatted(body),
                author.token());
        assertEquals(201, response.status(), response.body());
        return response.json().get("comment").get("id").getLongValue();
    }

    private static List<Long> ids(Api.Response response) {
        List<Long> ids = new ArrayList<>();
        for (JsonNode comment : response.json().get("comments").values()) {
            ids.add(comment.get("id").getLongValue());
        }
        return ids;
    }
}

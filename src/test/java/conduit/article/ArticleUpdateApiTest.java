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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * PUT /api/articles/{slug} means what it says (RealWorld 2.0.0): a field left out stays, a tagList replaces
 * the tags ([] removes them all), and null is refused for every field.
 */
@MicronautTest(transactional = false)
class ArticleUpdateApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Test
    void aTagListReplacesTheTagsAndFieldsLeftOutStay() {
        var jake = users.aUser();
        String kept = Users.uniqueName("kept");
        var article = articles.anArticle(jake, List.of(kept, Users.uniqueName("dropped")));

        JsonNode updated = update(jake, article, "{\"article\":{\"tagList\":[\"" + kept + "\",\"added\"]}}");

        assertEquals(List.of("added", kept), Articles.strings(updated.get("tagList")), "alphabetical, as always");
        assertEquals(article.title(), updated.get("title").getStringValue());
        assertEquals(article.description(), updated.get("description").getStringValue());
        assertEquals(article.body(), updated.get("body").getStringValue());
        assertEquals(List.of("added", kept), Articles.strings(api.get(article.path(), null).json().get("article")
                .get("tagList")), "and it is stored");
    }

    @Test
    void anEmptyTagListRemovesEveryTagAndTheTagLeavesTheTagList() {
        var jake = users.aUser();
        String tag = Users.uniqueName("only");
        var article = articles.anArticle(jake, List.of(tag));

        JsonNode updated = update(jake, article, "{\"article\":{\"tagList\":[]}}");

        assertEquals(List.of(), Articles.strings(updated.get("tagList")));
        assertFalse(api.get("/api/tags", null).body().contains(tag), "no article uses the tag any more");
        assertEquals(0, api.get("/api/articles?tag=" + tag, null).json().get("articlesCount").getIntValue());
    }

    @Test
    void updatingOtherFieldsKeepsTheTags() {
        var jake = users.aUser();
        String tag = Users.uniqueName("stays");
        var article = articles.anArticle(jake, List.of(tag));

        JsonNode updated = update(jake, article, "{\"article\":{\"body\":\"new body\"}}");

        assertEquals(List.of(tag), Articles.strings(updated.get("tagList")));
    }

    @Test
    void nullOrBlankForAnyFieldIs422AndChangesNothing() {
        var jake = users.aUser();
        String tag = Users.uniqueName("safe");
        var article = articles.anArticle(jake, List.of(tag));
        var cases = Map.of(
                "{\"article\":{\"tagList\":null}}", Map.of("tagList", List.of("can't be blank")),
                "{\"article\":{\"title\":null,\"tagList\":[]}}", Map.of("title", List.of("can't be blank")),
                "{\"article\":{\"description\":null,\"body\":\" \"}}",
                Map.of("description", List.of("can't be blank"), "body", List.of("can't be blank")));

        cases.forEach((body, errors) -> {
            var response = api.put(article.path(), body, jake.token());
            assertEquals(422, response.status(), body + " -> " + response.body());
            assertEquals(errors, response.errorMap(), body);
        });
        JsonNode unchanged = api.get(article.path(), null).json().get("article");
        assertEquals(List.of(tag), Articles.strings(unchanged.get("tagList")), "no failed update touched the tags");
        assertEquals(article.title(), unchanged.get("title").getStringValue());
    }

    private JsonNode update(Users.Registered author, Articles.Published article, String body) {
        var response = api.put(article.path(), body, author.token());
        assertEquals(200, response.status(), body + " -> " + response.body());
        return response.json().get("article");
    }
}

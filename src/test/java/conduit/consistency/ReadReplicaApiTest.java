package conduit.consistency;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Articles;
import conduit.support.TestDatabase;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which reads the replica serves. The replica here is a stand-in: a second database on the same server with the
 * schema and none of the data, so an answer shows where it came from (what was just written is missing there). It is
 * no standby, so it never proves it has replayed a consistency token's position: reads with a token must go to the
 * primary. (A real streaming replica, caught up and lagging, is tested in .ci/topology-test.sh.)
 */
@MicronautTest(transactional = false)
class ReadReplicaApiTest extends ApiTestSupport {

    private static final String HEADER = ConsistencyTokenApiTest.HEADER;

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    Articles articles;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        String replica = TestDatabase.anotherDatabase("replica");
        Flyway.configure()
                .dataSource(replica, properties.get("datasources.default.username"),
                        properties.get("datasources.default.password"))
                .locations("classpath:db/migration")
                .load()
                .migrate();
        properties.put("conduit.database.replica.url", replica);
        return properties;
    }

    @Test
    void anonymousReadsWithoutATokenComeFromTheReplica() {
        var author = users.aUser();
        var article = articles.anArticle(author, List.of("replicated"));

        assertEquals(404, api.get(article.path() + "/comments", null).status());
        assertEquals(404, api.get("/api/profiles/" + author.username(), null).status());
        // Anonymous tag, article and list reads are answered from the instance's copies, which are loaded from the
        // primary: TagCopyApiTest, PublicArticlesApiTest.
        assertEquals(200, api.get(article.path(), null).status());
        assertEquals(1, api.get("/api/articles?author=" + author.username(), null).json().get("articlesCount").getIntValue());
    }

    @Test
    void readsWithAnAccessTokenComeFromThePrimary() {
        var author = users.aUser();
        var reader = users.aUser();
        var article = articles.anArticle(author, List.of("primary"));

        assertEquals(200, api.get(article.path(), reader.token()).status());
        assertEquals(200, api.get(article.path() + "/comments", reader.token()).status());
        assertEquals(200, api.get("/api/profiles/" + author.username(), reader.token()).status());
        assertEquals(1, api.get("/api/articles?author=" + author.username(), reader.token())
                .json().get("articlesCount").getIntValue());
        // Tags take no token, but a signed-in frontend sends it on every call.
        assertTrue(tags(api.get("/api/tags", reader.token())).contains("primary"));
    }

    @Test
    void readsWithATokenTheReplicaHasNotReplayedComeFromThePrimary() {
        var author = users.aUser();
        var created = api.post("/api/articles",
                "{\"article\":{\"title\":\"Consistent\",\"description\":\"d\",\"body\":\"b\",\"tagList\":[\"tokened\"]}}",
                author.token());
        assertEquals(201, created.status(), created.body());
        String slug = created.json().get("article").get("slug").getStringValue();
        var token = Map.of(HEADER, created.header(HEADER).orElseThrow());

        assertEquals(200, api.send("GET", "/api/articles/" + slug, null, token).status());
        assertEquals(200, api.send("GET", "/api/articles/" + slug + "/comments", null, token).status());
        assertEquals(200, api.send("GET", "/api/profiles/" + author.username(), null, token).status());
        assertEquals(1, api.send("GET", "/api/articles?author=" + author.username(), null, token)
                .json().get("articlesCount").getIntValue());
        assertTrue(tags(api.send("GET", "/api/tags", null, token)).contains("tokened"));
    }

    private static List<String> tags(Api.Response response) {
        assertEquals(200, response.status(), response.body());
        return Articles.strings(response.json().get("tags"));
    }
}

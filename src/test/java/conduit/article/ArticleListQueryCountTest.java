package conduit.article;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.StatementCounter;
import conduit.support.TestDatabase;
import conduit.support.Users;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A list or feed page must cost the same small number of SQL statements whatever its size: no query
 * per article. Measured over a few hundred seeded articles with tags, favorites and follows.
 */
@MicronautTest(transactional = false)
@Property(name = "conduit.test.count-statements", value = "true")
// The counter sees every statement of the application: no background job worker may poll meanwhile.
@Property(name = "conduit.jobs.worker.enabled", value = "false")
class ArticleListQueryCountTest extends ApiTestSupport {

    static final int ARTICLES = 300;
    static final int MAX_STATEMENTS_PER_PAGE = 2;

    @Inject
    Api api;

    @Inject
    Users users;

    @Inject
    StatementCounter statements;

    Users.Registered author;
    Users.Registered reader;
    String tag;

    @BeforeAll
    void seedArticles() throws Exception {
        author = users.aUser();
        reader = users.aUser();
        tag = Users.uniqueName("counted");
        assertEquals(200, api.post("/api/profiles/" + author.username() + "/follow", null, reader.token()).status());
        try (Connection db = TestDatabase.connect();
             PreparedStatement seed = db.prepareStatement("""
                     WITH author AS (SELECT id FROM users WHERE username = ?),
                          reader AS (SELECT id FROM users WHERE username = ?),
                          new_tags AS (INSERT INTO tags (name) VALUES (?), (? || '-other') RETURNING id),
                          new_articles AS (
                              INSERT INTO articles (slug, title, description, body, author_id, created_at)
                              SELECT ? || '-' || n, 'Title ' || n, 'Description', 'Body', author.id,
                                     now() - make_interval(secs => n)
                              FROM generate_series(1, ?) AS n, author
                              RETURNING id),
                          tagged AS (
                              INSERT INTO article_tags (article_id, tag_id, position)
                              SELECT a.id, t.id, 0 FROM new_articles a, new_tags t)
                     INSERT INTO favorites (user_id, article_id)
                     SELECT reader.id, a.id FROM new_articles a, reader""")) {
            seed.setString(1, author.username());
            seed.setString(2, reader.username());
            seed.setString(3, tag);
            seed.setString(4, tag);
            seed.setString(5, tag);
            seed.setInt(6, ARTICLES);
            seed.executeUpdate();
        }
    }

    @Test
    void listPagesCostTheSameStatementsForOneArticleAndForAHundred() {
        for (String query : List.of("", "tag=" + tag, "author=" + author.username(), "favorited=" + reader.username())) {
            for (String token : new String[] {null, reader.token()}) {
                String path = "/api/articles?" + query + (query.isEmpty() ? "" : "&");
                assertSameCostForPageSizes(path, token);
            }
        }
    }

    @Test
    void feedPagesCostTheSameStatementsForOneArticleAndForAHundred() {
        assertSameCostForPageSizes("/api/articles/feed?", reader.token());
    }

    private void assertSameCostForPageSizes(String path, String token) {
        // A token's session is confirmed with one query, then trusted for conduit.sessions.check-interval (5 s):
        // that query belongs to the session, not to the page, so it is paid before counting.
        api.get("/api/user", token);
        long small = statementsFor(path + "limit=1", token, 1);
        long large = statementsFor(path + "limit=100", token, 100);
        System.out.printf("SQL statements for %s (%s): limit=1 -> %d, limit=100 -> %d%n",
                path, token == null ? "anonymous" : "signed in", small, large);
        assertTrue(small >= 1, "the counter must see the page's statements; it saw none for " + path);
        assertEquals(small, large, path);
        assertTrue(large <= MAX_STATEMENTS_PER_PAGE, path + " used " + large + " statements");
    }

    private long statementsFor(String path, String token, int expectedArticles) {
        long before = statements.count();
        var response = api.get(path, token);
        long used = statements.count() - before;
        assertEquals(200, response.status(), response.body());
        assertEquals(expectedArticles, response.json().get("articles").size(), path);
        assertTrue(response.json().get("articlesCount").getIntValue() >= expectedArticles, path);
        return used;
    }
}

package conduit.tag;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.TestDatabase;
import conduit.support.Users;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@MicronautTest(transactional = false)
class TagApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Test
    void listsTagsInUseMostUsedFirstWithoutAuth() throws Exception {
        // Articles arrive with the next feature; until then, seed them straight into the run's own database.
        var author = users.aUser();
        String rare = Users.uniqueName("rare");
        String common = Users.uniqueName("common");
        String unused = Users.uniqueName("unused");
        try (Connection db = TestDatabase.connect()) {
            long one = insertArticle(db, author.username(), "one");
            long two = insertArticle(db, author.username(), "two");
            tag(db, one, common, 0);
            tag(db, two, common, 0);
            tag(db, two, rare, 1);
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO tags (name) VALUES (?)")) {
                insert.setString(1, unused);
                insert.executeUpdate();
            }
        }

        var response = api.get("/api/tags", null);

        assertEquals(200, response.status());
        List<String> tags = names(response.json().get("tags"));
        List<String> ours = tags.stream().filter(t -> t.equals(rare) || t.equals(common) || t.equals(unused)).toList();
        assertEquals(List.of(common, rare), ours, "most used first; tags on no article are left out");
    }

    private static long insertArticle(Connection db, String username, String slugSuffix) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO articles (slug, title, description, body, author_id)
                SELECT ?, 'title', 'description', 'body', id FROM users WHERE username = ?
                RETURNING id""")) {
            insert.setString(1, Users.uniqueName("slug-" + slugSuffix));
            insert.setString(2, username);
            var rows = insert.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void tag(Connection db, long articleId, String name, int position) throws Exception {
        try (PreparedStatement insert = db.prepareStatement("""
                WITH t AS (INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id)
                INSERT INTO article_tags (article_id, tag_id, position) SELECT ?, id, ? FROM t""")) {
            insert.setString(1, name);
            insert.setLong(2, articleId);
            insert.setInt(3, position);
            insert.executeUpdate();
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            names.add(array.get(i).getStringValue());
        }
        return names;
    }
}

package conduit.tag;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

@Singleton
class TagQueries {

    private final JdbcOperations jdbc;

    TagQueries(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Tags in use on at least one article, most used first. */
    List<String> popular() {
        return jdbc.prepareStatement("""
                SELECT t.name
                FROM tags t JOIN article_tags at ON at.tag_id = t.id
                GROUP BY t.id, t.name
                ORDER BY count(*) DESC, t.name
                """, statement -> {
            List<String> names = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    names.add(row.getString(1));
                }
            }
            return names;
        });
    }
}

package conduit.tag;

import conduit.consistency.ReplicaRead;
import conduit.database.Sql;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;

/** The tag feature's SQL. Tags have no service: their one read is its own read-only unit of work. */
@Singleton
class TagQueries {

    private final Sql sql;

    TagQueries(Sql sql) {
        this.sql = sql;
    }

    /** Tags in use on at least one article, most used first. */
    @ReplicaRead
    @Transactional(readOnly = true)
    List<String> popular() {
        return sql.list("""
                SELECT t.name
                FROM tags t JOIN article_tags at ON at.tag_id = t.id
                GROUP BY t.id, t.name
                ORDER BY count(*) DESC, t.name
                """, row -> row.getString(1));
    }
}

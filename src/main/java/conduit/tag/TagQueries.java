package conduit.tag;

import conduit.consistency.ReplicaRead;
import conduit.database.Sql;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;

/** The tag feature's SQL. Tags have no service: their one read is its own read-only unit of work. */
@Singleton
class TagQueries {

    private static final String POPULAR = """
            SELECT t.name
            FROM tags t JOIN article_tags at ON at.tag_id = t.id
            GROUP BY t.id, t.name
            ORDER BY count(*) DESC, t.name
            """;

    private final Sql sql;

    TagQueries(Sql sql) {
        this.sql = sql;
    }

    /** Tags in use on at least one article, most used first; from the replica when the request allows it. */
    @ReplicaRead
    @Transactional(readOnly = true)
    List<String> popular() {
        return sql.list(POPULAR, row -> row.getString(1));
    }

    /** {@link #popular()} always from the primary: what a copy kept by {@link PopularTags} is loaded from. */
    @Transactional(readOnly = true)
    List<String> popularOnPrimary() {
        return sql.list(POPULAR, row -> row.getString(1));
    }
}

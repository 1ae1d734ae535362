package conduit.article;

import conduit.profile.ProfileView;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The read path for articles. A page costs two statements whatever its size: one for the rows
 * (tags, favorite counts and the caller's flags come from correlated subqueries in the same
 * statement) and one for the total. Only the active filters appear in the SQL, so each is served
 * by its index: author by articles_author_created_idx, tag by article_tags_tag_idx, favorited by
 * the favorites primary key, the feed by the follows primary key.
 */
@Singleton
class ArticleQueries {

    /** Never a user id, so anonymous callers have favorited nothing and follow nobody. */
    static final long ANONYMOUS = -1;

    /** Lists and the feed leave the body out (RealWorld 2.0.0): pages stay small for mobile clients. */
    private static final String SELECT_VIEW = """
            SELECT a.id, a.slug, a.title, a.description, %s AS body, a.created_at, a.updated_at,
                   u.id AS author_id, u.username, u.bio, u.image,
                   EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ? AND f.followee_id = a.author_id) AS following,
                   EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = ? AND fv.article_id = a.id) AS favorited,
                   (SELECT count(*) FROM favorites fv WHERE fv.article_id = a.id) AS favorites_count,
                   ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
                         WHERE at.article_id = a.id ORDER BY t.name) AS tag_list
            FROM articles a JOIN users u ON u.id = a.author_id
            """;
    private static final String SELECT_PREVIEW = SELECT_VIEW.formatted("NULL::text");
    private static final String SELECT_ARTICLE = SELECT_VIEW.formatted("a.body");

    private final JdbcOperations jdbc;

    ArticleQueries(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    List<ArticleView> page(ArticleFilter filter, long viewerId, int limit, int offset) {
        Where where = where(filter);
        String sql = SELECT_PREVIEW + where.sql + " ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?";
        return jdbc.prepareStatement(sql, statement -> {
            int next = bindViewer(statement, viewerId);
            next = where.bind(statement, next);
            statement.setInt(next++, limit);
            statement.setInt(next, offset);
            List<ArticleView> articles = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    articles.add(read(row));
                }
            }
            return articles;
        });
    }

    long count(ArticleFilter filter) {
        Where where = where(filter);
        return jdbc.prepareStatement("SELECT count(*) FROM articles a" + where.sql, statement -> {
            where.bind(statement, 1);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    Optional<ArticleView> bySlug(String slug, long viewerId) {
        return jdbc.prepareStatement(SELECT_ARTICLE + " WHERE a.slug = ?", statement -> {
            int next = bindViewer(statement, viewerId);
            statement.setString(next, slug);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        });
    }

    private static int bindViewer(PreparedStatement statement, long viewerId) throws SQLException {
        statement.setLong(1, viewerId);
        statement.setLong(2, viewerId);
        return 3;
    }

    private static Where where(ArticleFilter filter) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (filter.tag() != null) {
            conditions.add("a.id IN (SELECT at.article_id FROM article_tags at"
                    + " WHERE at.tag_id = (SELECT t.id FROM tags t WHERE t.name = ?))");
            values.add(filter.tag());
        }
        if (filter.author() != null) {
            conditions.add("a.author_id = (SELECT au.id FROM users au WHERE lower(au.username) = lower(?))");
            values.add(filter.author());
        }
        if (filter.favoritedBy() != null) {
            conditions.add("a.id IN (SELECT fv.article_id FROM favorites fv"
                    + " WHERE fv.user_id = (SELECT fu.id FROM users fu WHERE lower(fu.username) = lower(?)))");
            values.add(filter.favoritedBy());
        }
        if (filter.feedOf() != null) {
            conditions.add("a.author_id IN (SELECT f.followee_id FROM follows f WHERE f.follower_id = ?)");
            values.add(filter.feedOf());
        }
        String sql = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return new Where(sql, values);
    }

    private record Where(String sql, List<Object> values) {

        int bind(PreparedStatement statement, int first) throws SQLException {
            int index = first;
            for (Object value : values) {
                statement.setObject(index++, value);
            }
            return index;
        }
    }

    private static ArticleView read(ResultSet row) throws SQLException {
        var author = new ProfileView(row.getLong("author_id"), row.getString("username"), row.getString("bio"),
                row.getString("image"), row.getBoolean("following"));
        return new ArticleView(
                row.getLong("id"),
                row.getString("slug"),
                row.getString("title"),
                row.getString("description"),
                row.getString("body"),
                tags(row.getArray("tag_list")),
                row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("updated_at").toInstant(),
                row.getBoolean("favorited"),
                row.getInt("favorites_count"),
                author);
    }

    private static List<String> tags(Array array) throws SQLException {
        return List.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}

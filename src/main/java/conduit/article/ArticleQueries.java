package conduit.article;

import conduit.database.Sql;
import conduit.profile.ProfileRow;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The article feature's SQL: articles, their tags and favorites. A page costs two statements whatever its size:
 * one for the rows (tags, favorite counts and the caller's flags come from correlated subqueries in the same
 * statement) and one for the total. Only the active filters appear in the SQL, so each is served by its index:
 * author by articles_author_created_idx, tag by article_tags_tag_idx, favorited by the favorites primary key, the
 * feed by the follows primary key. Writes run inside the service's transaction.
 */
@Singleton
class ArticleQueries {

    /**
     * Lists and the feed leave the body out (RealWorld 2.0.0): pages stay small for mobile clients. Two
     * parameters, both the viewer: whom the author's follower flag and the favorited flag are for.
     */
    private static final String SELECT_VIEW = """
            SELECT a.id, a.slug, a.title, a.description, %s AS body, a.created_at, a.updated_at,
            """ + ProfileRow.columns("u", "author_") + """
                   , EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = ? AND fv.article_id = a.id) AS favorited,
                   (SELECT count(*) FROM favorites fv WHERE fv.article_id = a.id) AS favorites_count,
                   ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
                         WHERE at.article_id = a.id ORDER BY t.name) AS tag_list
            FROM articles a JOIN users u ON u.id = a.author_id
            """;
    private static final String SELECT_PREVIEW = SELECT_VIEW.formatted("NULL::text");
    private static final String SELECT_ARTICLE = SELECT_VIEW.formatted("a.body");

    private static final Sql.Row<ArticleView> VIEW = row -> new ArticleView(
            row.getLong("id"),
            row.getString("slug"),
            row.getString("title"),
            row.getString("description"),
            row.getString("body"),
            List.copyOf(Arrays.asList((String[]) row.getArray("tag_list").getArray())),
            row.getTimestamp("created_at").toInstant(),
            row.getTimestamp("updated_at").toInstant(),
            row.getBoolean("favorited"),
            row.getInt("favorites_count"),
            ProfileRow.read(row, "author_"));

    /** What a write needs to know about an existing article. */
    record ArticleRef(long id, long authorId, String title) {
    }

    private final Sql sql;

    ArticleQueries(Sql sql) {
        this.sql = sql;
    }

    List<ArticleView> page(ArticleFilter filter, long viewerId, int limit, int offset) {
        Where where = where(filter);
        List<Object> parameters = new ArrayList<>(List.of(viewerId, viewerId));
        parameters.addAll(where.values());
        parameters.add(limit);
        parameters.add(offset);
        return sql.list(SELECT_PREVIEW + where.sql() + " ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?",
                VIEW, parameters.toArray());
    }

    long count(ArticleFilter filter) {
        Where where = where(filter);
        return sql.one("SELECT count(*) FROM articles a" + where.sql(), row -> row.getLong(1), where.values().toArray());
    }

    Optional<ArticleView> bySlug(String slug, long viewerId) {
        return sql.first(SELECT_ARTICLE + " WHERE a.slug = ?", VIEW, viewerId, viewerId, slug);
    }

    /** Locks the row, so concurrent updates and deletes of one article run one after the other. */
    Optional<ArticleRef> lockBySlug(String slug) {
        return sql.first("SELECT id, author_id, title FROM articles WHERE slug = ? FOR UPDATE",
                row -> new ArticleRef(row.getLong(1), row.getLong(2), row.getString(3)), slug);
    }

    Optional<Long> idBySlug(String slug) {
        return sql.first("SELECT id FROM articles WHERE slug = ?", row -> row.getLong(1), slug);
    }

    /**
     * The id, with the row locked against deletion until the caller's transaction ends (the lock a foreign key
     * check takes, taken first): a comment or favorite added under it cannot lose a race with DELETE.
     */
    Optional<Long> idBySlugKeptUntilCommit(String slug) {
        return sql.first("SELECT id FROM articles WHERE slug = ? FOR KEY SHARE", row -> row.getLong(1), slug);
    }

    boolean slugTaken(String slug) {
        return sql.one("SELECT EXISTS (SELECT 1 FROM articles WHERE slug = ?)", row -> row.getBoolean(1), slug);
    }

    /** Empty when the slug is taken; ON CONFLICT keeps the transaction usable for a retry with another slug. */
    Optional<Long> insert(String slug, String title, String description, String body, long authorId) {
        return sql.first("""
                INSERT INTO articles (slug, title, description, body, author_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (slug) DO NOTHING RETURNING id""", row -> row.getLong(1),
                slug, title, description, body, authorId);
    }

    void update(long id, String slug, String title, String description, String body) {
        sql.update("""
                UPDATE articles SET slug = ?, title = ?, description = ?, body = ?, updated_at = now()
                WHERE id = ?""", slug, title, description, body, id);
    }

    void delete(long id) {
        sql.update("DELETE FROM articles WHERE id = ?", id);
    }

    /** An update's tagList replaces every tag of the article; {@code []} removes them all. */
    void replaceTags(long articleId, List<String> tags) {
        sql.update("DELETE FROM article_tags WHERE article_id = ?", articleId);
        addTags(articleId, tags);
    }

    /**
     * Two statements for any number of tags: create the missing ones, then link them in the given order. New tags
     * are inserted in name order: two articles creating the same new tags at once then wait for each other in the
     * same order, where the given orders could make each hold a tag the other needs (a deadlock:
     * ArticleTagRaceApiTest).
     */
    void addTags(long articleId, List<String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        sql.update("INSERT INTO tags (name) SELECT name FROM unnest(?) AS given (name) ORDER BY name "
                + "ON CONFLICT (name) DO NOTHING", Sql.textArray(tags));
        sql.update("""
                INSERT INTO article_tags (article_id, tag_id, position)
                SELECT ?, t.id, given.position - 1
                FROM unnest(?) WITH ORDINALITY AS given (name, position) JOIN tags t ON t.name = given.name""",
                articleId, Sql.textArray(tags));
    }

    void favorite(long userId, long articleId) {
        sql.update("INSERT INTO favorites (user_id, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING", userId, articleId);
    }

    void unfavorite(long userId, long articleId) {
        sql.update("DELETE FROM favorites WHERE user_id = ? AND article_id = ?", userId, articleId);
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
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return new Where(where, values);
    }

    private record Where(String sql, List<Object> values) {
    }
}

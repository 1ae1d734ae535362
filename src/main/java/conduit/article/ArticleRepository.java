package conduit.article;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

/** The write path for articles, their tags and favorites. Every method runs inside the service's transaction. */
@Singleton
class ArticleRepository {

    /** What a write needs to know about an existing article. */
    record ArticleRef(long id, long authorId, String title) {
    }

    private final JdbcOperations jdbc;

    ArticleRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the row, so concurrent updates and deletes of one article run one after the other. */
    Optional<ArticleRef> lockBySlug(String slug) {
        return jdbc.prepareStatement("SELECT id, author_id, title FROM articles WHERE slug = ? FOR UPDATE", statement -> {
            statement.setString(1, slug);
            try (ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new ArticleRef(row.getLong(1), row.getLong(2), row.getString(3)))
                        : Optional.empty();
            }
        });
    }

    Optional<Long> idBySlug(String slug) {
        return jdbc.prepareStatement("SELECT id FROM articles WHERE slug = ?", statement -> {
            statement.setString(1, slug);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        });
    }

    /**
     * The id, with the row locked against deletion until the caller's transaction ends (the lock a foreign key
     * check takes, taken first): a comment or favorite added under it cannot lose a race with DELETE.
     */
    Optional<Long> idBySlugKeptUntilCommit(String slug) {
        return jdbc.prepareStatement("SELECT id FROM articles WHERE slug = ? FOR KEY SHARE", statement -> {
            statement.setString(1, slug);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        });
    }

    boolean slugTaken(String slug) {
        return jdbc.prepareStatement("SELECT EXISTS (SELECT 1 FROM articles WHERE slug = ?)", statement -> {
            statement.setString(1, slug);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        });
    }

    /** Empty when the slug is taken; ON CONFLICT keeps the transaction usable for a retry with another slug. */
    Optional<Long> insert(String slug, String title, String description, String body, long authorId) {
        return jdbc.prepareStatement("""
                INSERT INTO articles (slug, title, description, body, author_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (slug) DO NOTHING RETURNING id""", statement -> {
            statement.setString(1, slug);
            statement.setString(2, title);
            statement.setString(3, description);
            statement.setString(4, body);
            statement.setLong(5, authorId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        });
    }

    void update(long id, String slug, String title, String description, String body) {
        jdbc.prepareStatement("""
                UPDATE articles SET slug = ?, title = ?, description = ?, body = ?, updated_at = now()
                WHERE id = ?""", statement -> {
            statement.setString(1, slug);
            statement.setString(2, title);
            statement.setString(3, description);
            statement.setString(4, body);
            statement.setLong(5, id);
            return statement.executeUpdate();
        });
    }

    void delete(long id) {
        jdbc.prepareStatement("DELETE FROM articles WHERE id = ?", statement -> {
            statement.setLong(1, id);
            return statement.executeUpdate();
        });
    }

    /** An update's tagList replaces every tag of the article; {@code []} removes them all. */
    void replaceTags(long articleId, List<String> tags) {
        jdbc.prepareStatement("DELETE FROM article_tags WHERE article_id = ?", statement -> {
            statement.setLong(1, articleId);
            return statement.executeUpdate();
        });
        addTags(articleId, tags);
    }

    /** Two statements for any number of tags: create the missing ones, then link them in the given order. */
    void addTags(long articleId, List<String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("INSERT INTO tags (name) SELECT unnest(?) ON CONFLICT (name) DO NOTHING", statement -> {
            statement.setArray(1, statement.getConnection().createArrayOf("text", tags.toArray()));
            return statement.executeUpdate();
        });
        jdbc.prepareStatement("""
                INSERT INTO article_tags (article_id, tag_id, position)
                SELECT ?, t.id, given.position - 1
                FROM unnest(?) WITH ORDINALITY AS given (name, position) JOIN tags t ON t.name = given.name""",
                statement -> {
                    statement.setLong(1, articleId);
                    statement.setArray(2, statement.getConnection().createArrayOf("text", tags.toArray()));
                    return statement.executeUpdate();
                });
    }

    void favorite(long userId, long articleId) {
        jdbc.prepareStatement("INSERT INTO favorites (user_id, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                statement -> {
                    statement.setLong(1, userId);
                    statement.setLong(2, articleId);
                    return statement.executeUpdate();
                });
    }

    void unfavorite(long userId, long articleId) {
        jdbc.prepareStatement("DELETE FROM favorites WHERE user_id = ? AND article_id = ?", statement -> {
            statement.setLong(1, userId);
            statement.setLong(2, articleId);
            return statement.executeUpdate();
        });
    }
}

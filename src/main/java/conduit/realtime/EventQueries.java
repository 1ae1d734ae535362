package conduit.realtime;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an event says, read on the listener's own connection: one statement per announcement. A row
 * deleted between the write and the announcement yields nothing, and nothing is sent. {@link EventMapper}
 * turns these records into the events the contract describes.
 */
final class EventQueries {

    record Profile(String username, String bio, String image) {
    }

    record Article(String slug, String title, String description, Profile author) {
    }

    record Comment(long id, String body, Instant createdAt, Profile author, Article article) {
    }

    /** A new article, and which of the candidate users follow its author. */
    record NewArticle(Article article, Set<Long> recipients) {
    }

    private EventQueries() {
    }

    static Optional<Comment> comment(Connection connection, long commentId) throws SQLException {
        try (var statement = connection.prepareStatement("""
                SELECT c.id, c.body, c.created_at, cu.username, cu.bio, cu.image,
                       a.slug, a.title, a.description, au.username AS article_username, au.bio AS article_bio,
                       au.image AS article_image
                FROM comments c
                JOIN users cu ON cu.id = c.author_id
                JOIN articles a ON a.id = c.article_id
                JOIN users au ON au.id = a.author_id
                WHERE c.id = ?""")) {
            statement.setLong(1, commentId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Comment(row.getLong("id"), row.getString("body"),
                        row.getTimestamp("created_at").toInstant(), profile(row, ""), article(row)));
            }
        }
    }

    /** The article, and which of the candidate users follow its author. */
    static Optional<NewArticle> article(Connection connection, long articleId, Collection<Long> candidates)
            throws SQLException {
        try (var statement = connection.prepareStatement("""
                SELECT a.slug, a.title, a.description, u.username AS article_username, u.bio AS article_bio,
                       u.image AS article_image,
                       ARRAY(SELECT f.follower_id FROM follows f
                             WHERE f.followee_id = a.author_id AND f.follower_id = ANY (?)) AS recipients
                FROM articles a JOIN users u ON u.id = a.author_id
                WHERE a.id = ?""")) {
            statement.setArray(1, connection.createArrayOf("bigint", candidates.toArray()));
            statement.setLong(2, articleId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Array recipients = row.getArray("recipients");
                Set<Long> followers = Arrays.stream((Long[]) recipients.getArray()).collect(Collectors.toSet());
                return Optional.of(new NewArticle(article(row), followers));
            }
        }
    }

    static Optional<Profile> follower(Connection connection, long followerId) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT username, bio, image FROM users WHERE id = ?")) {
            statement.setLong(1, followerId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(profile(row, "")) : Optional.empty();
            }
        }
    }

    private static Article article(ResultSet row) throws SQLException {
        return new Article(row.getString("slug"), row.getString("title"), row.getString("description"),
                profile(row, "article_"));
    }

    private static Profile profile(ResultSet row, String prefix) throws SQLException {
        return new Profile(row.getString(prefix + "username"), row.getString(prefix + "bio"),
                row.getString(prefix + "image"));
    }
}

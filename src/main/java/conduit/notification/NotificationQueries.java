package conduit.notification;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.Optional;

/** What the notification jobs need to know when they run, each in one query. */
@Singleton
class NotificationQueries {

    /** A new follower, and the followed user to tell. */
    record Follow(String followerName, String recipientEmail, String recipientName) { }

    /** A new comment, its article, and the article's author to tell. */
    record Comment(String commenterName, String body, String articleTitle, String articleSlug,
                   String recipientEmail, String recipientName) { }

    private final JdbcOperations jdbc;

    NotificationQueries(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The follow, if it still stands and the followed user wants these emails. */
    @Transactional(readOnly = true)
    Optional<Follow> follow(long followerId, long followeeId) {
        return jdbc.prepareStatement("""
                SELECT follower.username, followee.email, followee.username
                FROM follows f
                JOIN users follower ON follower.id = f.follower_id
                JOIN users followee ON followee.id = f.followee_id
                WHERE f.follower_id = ? AND f.followee_id = ? AND followee.email_notifications""", statement -> {
            statement.setLong(1, followerId);
            statement.setLong(2, followeeId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new Follow(row.getString(1), row.getString(2), row.getString(3))) : Optional.empty();
            }
        });
    }

    /** The comment, if it still exists, is not by the article's author, and the author wants these emails. */
    @Transactional(readOnly = true)
    Optional<Comment> comment(long commentId) {
        return jdbc.prepareStatement("""
                SELECT commenter.username, c.body, a.title, a.slug, author.email, author.username
                FROM comments c
                JOIN articles a ON a.id = c.article_id
                JOIN users commenter ON commenter.id = c.author_id
                JOIN users author ON author.id = a.author_id
                WHERE c.id = ? AND c.author_id <> a.author_id AND author.email_notifications""", statement -> {
            statement.setLong(1, commentId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new Comment(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                                row.getString(5), row.getString(6)))
                        : Optional.empty();
            }
        });
    }
}

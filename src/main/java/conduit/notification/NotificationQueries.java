package conduit.notification;

import conduit.database.Sql;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The notification feature's SQL: what the notification jobs need to know when they run, each in one query, and
 * the log of queued notification mails ({@link NotificationLog} holds its rules).
 */
@Singleton
class NotificationQueries {

    /** A new follower, and the followed user to tell. */
    record Follow(String followerName, String recipientEmail, String recipientName) { }

    /** A new comment, its article, and the article's author to tell. */
    record Comment(String commenterName, String body, String articleTitle, String articleSlug,
                   String recipientEmail, String recipientName) { }

    private final Sql sql;

    NotificationQueries(Sql sql) {
        this.sql = sql;
    }

    /** The follow, if it still stands and the followed user wants these emails; the job's own read. */
    @Transactional(readOnly = true)
    Optional<Follow> follow(long followerId, long followeeId) {
        return sql.first("""
                SELECT follower.username, followee.email, followee.username
                FROM follows f
                JOIN users follower ON follower.id = f.follower_id
                JOIN users followee ON followee.id = f.followee_id
                WHERE f.follower_id = ? AND f.followee_id = ? AND followee.email_notifications""",
                row -> new Follow(row.getString(1), row.getString(2), row.getString(3)), followerId, followeeId);
    }

    /** The comment, if it still exists, is not by the article's author, and the author wants these emails. */
    @Transactional(readOnly = true)
    Optional<Comment> comment(long commentId) {
        return sql.first("""
                SELECT commenter.username, c.body, a.title, a.slug, author.email, author.username
                FROM comments c
                JOIN articles a ON a.id = c.article_id
                JOIN users commenter ON commenter.id = c.author_id
                JOIN users author ON author.id = a.author_id
                WHERE c.id = ? AND c.author_id <> a.author_id AND author.email_notifications""",
                row -> new Comment(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6)), commentId);
    }

    /** The author of the article a comment is on, who is the one to be told about it. */
    OptionalLong articleAuthorOf(long commentId) {
        return sql.first("SELECT a.author_id FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ?",
                row -> row.getLong(1), commentId).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** Notification mails queued for the recipient in the last hour. */
    int queuedLastHour(long recipientId) {
        return sql.one("""
                SELECT count(*) FROM notification_mails
                WHERE recipient_id = ? AND queued_at > now() - interval '1 hour'""", row -> row.getInt(1), recipientId);
    }

    /**
     * Records that {@code cause} is queued for the recipient, unless it was within {@code repeatWindow}; true if
     * recorded. Concurrent calls for one cause meet on the primary key, so only one of them records it.
     */
    boolean recordQueued(long recipientId, String cause, Duration repeatWindow) {
        return sql.update("""
                INSERT INTO notification_mails (recipient_id, cause) VALUES (?, ?)
                ON CONFLICT (recipient_id, cause) DO UPDATE SET queued_at = now()
                WHERE notification_mails.queued_at < now() - make_interval(secs => ?)""",
                recipientId, cause, (double) repeatWindow.toSeconds()) == 1;
    }

    /** Locks the record of a queued cause until the transaction ends. */
    void lockQueued(long recipientId, String cause) {
        sql.first("SELECT 1 FROM notification_mails WHERE recipient_id = ? AND cause = ? FOR UPDATE",
                row -> row.getInt(1), recipientId, cause);
    }

    void forgetQueued(long recipientId, String cause) {
        sql.update("DELETE FROM notification_mails WHERE recipient_id = ? AND cause = ?", recipientId, cause);
    }

    void forgetQueuedBefore(Duration age) {
        sql.update("DELETE FROM notification_mails WHERE queued_at < now() - make_interval(secs => ?)",
                (double) age.toSeconds());
    }
}

package conduit.notification;

import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Which notification emails were queued for whom, so none is sent twice for one cause within the repeat window
 * ({@code conduit.notifications.repeat-window}, 24 h) and no recipient gets more than
 * {@code conduit.notifications.max-per-hour} (20) in an hour. Runs in the caller's transaction.
 */
@Singleton
class NotificationLog {

    private final JdbcOperations jdbc;
    private final Duration repeatWindow;
    private final int maxPerHour;

    NotificationLog(JdbcOperations jdbc, @Value("${conduit.notifications.repeat-window}") Duration repeatWindow,
                    @Value("${conduit.notifications.max-per-hour}") int maxPerHour) {
        this.jdbc = jdbc;
        this.repeatWindow = repeatWindow;
        this.maxPerHour = maxPerHour;
    }

    /**
     * Records that {@code cause} is about to be mailed to the recipient; false when it was mailed within the
     * window or the recipient's hourly budget is spent, and then nothing is recorded. Concurrent calls for
     * one cause meet on the primary key, so only one of them is told yes.
     */
    boolean claim(long recipientId, String cause) {
        int recent = jdbc.prepareStatement("""
                SELECT count(*) FROM notification_mails
                WHERE recipient_id = ? AND queued_at > now() - interval '1 hour'""", statement -> {
            statement.setLong(1, recipientId);
            try (var row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        });
        if (recent >= maxPerHour) {
            return false;
        }
        return jdbc.prepareStatement("""
                INSERT INTO notification_mails (recipient_id, cause) VALUES (?, ?)
                ON CONFLICT (recipient_id, cause) DO UPDATE SET queued_at = now()
                WHERE notification_mails.queued_at < now() - make_interval(secs => ?)""", statement -> {
            statement.setLong(1, recipientId);
            statement.setString(2, cause);
            statement.setDouble(3, repeatWindow.toSeconds());
            return statement.executeUpdate() == 1;
        });
    }

    /**
     * For a queued mail about to go out: whether its cause is still news ({@code check}), and if it is not, forgets
     * the claim so the next occurrence counts. The claim's row stays locked while {@code check} reads, so a
     * concurrent follow (whose claim waits on that lock) either happened before the check or claims afresh after.
     */
    @Transactional
    <T> Optional<T> stillNews(long recipientId, String cause, Supplier<Optional<T>> check) {
        jdbc.prepareStatement("SELECT 1 FROM notification_mails WHERE recipient_id = ? AND cause = ? FOR UPDATE",
                statement -> {
                    statement.setLong(1, recipientId);
                    statement.setString(2, cause);
                    try (var row = statement.executeQuery()) {
                        return row.next();
                    }
                });
        Optional<T> news = check.get();
        if (news.isEmpty()) {
            jdbc.prepareStatement("DELETE FROM notification_mails WHERE recipient_id = ? AND cause = ?", statement -> {
                statement.setLong(1, recipientId);
                statement.setString(2, cause);
                return statement.executeUpdate();
            });
        }
        return news;
    }

    /** The author of the article a comment is on, who is the one to be told about it. */
    OptionalLong articleAuthorOf(long commentId) {
        return jdbc.prepareStatement("""
                SELECT a.author_id FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ?""", statement -> {
            statement.setLong(1, commentId);
            try (var row = statement.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        });
    }

    /** Hourly: forgets what is older than the repeat window (and the hour the budget counts). Harmless on every instance. */
    @Scheduled(fixedDelay = "1h", initialDelay = "7m")
    void purge() {
        Duration keep = repeatWindow.compareTo(Duration.ofHours(1)) > 0 ? repeatWindow : Duration.ofHours(1);
        jdbc.prepareStatement("DELETE FROM notification_mails WHERE queued_at < now() - make_interval(secs => ?)",
                statement -> {
                    statement.setDouble(1, keep.toSeconds());
                    return statement.executeUpdate();
                });
    }
}
